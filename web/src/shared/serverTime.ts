// The console's "now" is the server's: every API answer carries x-minhu-now, and countdowns, "this year",
// and previews read serverNow(). A browser whose clock is wrong (or a test's controlled server clock)
// then shows the same deadlines and warnings as the server computes.
let offsetMs = 0;

/** Records the server's time from a response header (ignores a missing or malformed one). */
export function noteServerTime(header: string | null): void {
  if (!header) return;
  const at = Date.parse(header);
  if (!Number.isNaN(at)) offsetMs = at - Date.now();
}

/** Milliseconds since the epoch on the server's clock. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** The city's time zone (MINHU_TIMEZONE), from every API answer's x-minhu-timezone; times are shown in it. */
let zone: string | undefined;

export function noteServerZone(header: string | null): void {
  if (!header || header === zone) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: header });
    zone = header;
  } catch {
    // an unknown zone name: keep the previous one (or the browser's)
  }
}

export function cityZone(): string | undefined {
  return zone;
}
