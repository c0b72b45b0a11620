/**
 * India's date, where the citizens are: one offset (IST, UTC+05:30, no daylight saving) for every
 * "today" the platform and its sandbox departments reckon with.
 */
const IST_OFFSET_MS = 330 * 60_000;

/** Today's date in India (YYYY-MM-DD). */
export function todayInIndia(now: Date): string {
  return new Date(now.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}
