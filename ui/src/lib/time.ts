// Times as the window shows them: instants in China Standard Time (the filing's deadlines are
// counted there, whatever the computer's zone), countdowns split into hours, minutes, seconds.

/** A countdown's parts, or null once it has run out. Minutes and seconds are two digits. */
export function countdown(ms: number): { h: number; m: string; s: string } | null {
  if (!(ms > 0)) return null;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return { h, m: String(m).padStart(2, "0"), s: String(s).padStart(2, "0") };
}

/** An instant in China Standard Time, written the way `locale` writes dates. */
export function cst(iso: string, locale: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(iso).toLocaleString(locale, { timeZone: "Asia/Shanghai", hour12: false, ...options });
}

/** A file size for people: KB below a megabyte (rounded up), MB with one decimal above. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
