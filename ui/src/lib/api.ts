// The one door to Rust: the generated command bindings, with errors turned into exceptions that
// carry the `{code, message, field}` shape from the Rust side.
import { convertFileSrc } from "@tauri-apps/api/core";
import { lang, t } from "./locale.svelte";
import { commands, type IpcError_Serialize as IpcError } from "./bindings";

type Result<T, E> = { status: "ok"; data: T } | { status: "error"; error: E };

export class CommandError extends Error {
  readonly code: IpcError["code"];
  readonly field: string | null;
  constructor(e: IpcError) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
  }
}

/** Awaits a command and returns its data, or throws a CommandError. */
export async function call<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  const r = await pending;
  if (r.status === "ok") return r.data;
  throw new CommandError(r.error);
}

/**
 * A message for any failure: Rust's message (in Chinese; in English led by what kind of failure
 * its code says), or the raw text of an unexpected one.
 */
export function messageOf(e: unknown): string {
  if (e instanceof CommandError) {
    return lang() === "en" ? t("errorInLang", { kind: t(`error_${e.code}`), message: e.message }) : e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

export { commands };

/**
 * The URL of an attachment's image, served by the app's `scan:` URI scheme (src-tauri/src/scans.rs):
 * `scan://localhost/thumbnail/12` (`http://scan.localhost/…` on Windows), as Tauri spells it.
 */
export function scanUrl(image: "thumbnail" | "preview", id: number): string {
  return convertFileSrc(`${image}/${id}`, "scan");
}
