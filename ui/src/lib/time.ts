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

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant in China Standard Time, written the way `locale` writes dates (as
 * `toLocaleString(locale, …)` writes it). One formatter per locale and options, kept: a list
 * writes hundreds of dates, and each `toLocaleString` call builds an ICU formatter of its own.
 */
export function cst(iso: string, locale: string, options: Intl.DateTimeFormatOptions = {}): string {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    // toLocaleString's defaults: the whole date and time unless the options name a part
    const parts = ["weekday", "year", "month", "day", "hour", "minute", "second"].some((p) => p in options);
    const whole: Intl.DateTimeFormatOptions = parts ? {} : { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" };
    format = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour12: false, ...whole, ...options });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** A file size for people: KB below a megabyte (rounded up), MB with one decimal above. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
