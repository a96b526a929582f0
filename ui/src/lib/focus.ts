// Keyboard focus helpers for the dialogs and the stepper. The decisions are pure functions
// (tested in focus.test.ts); `tabbables` reads the DOM.

const CANDIDATES = [
  "a[href]",
  "button",
  "input:not([type=hidden])",
  "select",
  "textarea",
  "iframe",
  "[contenteditable]:not([contenteditable=false])",
  "[tabindex]",
].join(",");

/** The elements of `root` that Tab reaches, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (el) => el.tabIndex >= 0 && !el.matches(":disabled") && !el.closest("[inert]") && el.getClientRects().length > 0,
  );
  // Of a group of radio buttons, Tab reaches only the checked one (or the first when none is).
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== "radio" || !el.name) return true;
    const group = all.filter((o): o is HTMLInputElement => o instanceof HTMLInputElement && o.type === "radio" && o.name === el.name);
    const checked = group.find((o) => o.checked);
    return checked ? checked === el : group[0] === el;
  });
}

/**
 * Where Tab (or Shift+Tab when `backwards`) must send the focus to stay inside a dialog whose
 * tabbable elements are `items`: the first after the last, the last before the first, the first
 * (or last) when the focus is outside. `null` when the browser's own move stays inside.
 */
export function wrapTarget<T>(items: readonly T[], active: T | null, backwards: boolean): T | null {
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return null;
  const at = active === null ? -1 : items.indexOf(active);
  if (at === -1) return backwards ? last : first;
  if (!backwards && at === items.length - 1) return first;
  if (backwards && at === 0) return last;
  return null;
}

/**
 * The index a roving-tabindex group (the stepper) moves to on `key` from `index` among `count`
 * items: arrows move by one and wrap around, Home and End go to the ends; `null` for other keys.
 */
export function rovingIndex(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return (index + 1) % count;
    case "ArrowLeft":
    case "ArrowUp":
      return (index - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** The open modal dialogs, innermost last (Dialog.svelte keeps it). */
export const modalStack: HTMLDialogElement[] = [];

/** Whether a modal dialog is open: the window's own shortcuts wait until it closes. */
export function modalOpen(): boolean {
  return modalStack.length > 0;
}
