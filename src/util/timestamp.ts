/** An instant plus the UTC offset it was written with, so "local day" stays recoverable. */
export interface Timestamp {
  readonly epochMs: number;
  readonly offsetMinutes: number;
}

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses ISO 8601 date-time with a mandatory offset (`Z` or `±hh:mm`); undefined when not valid. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ?? '';
  const zone = m[8] ?? 'Z';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = zone === 'Z' ? 0 : offsetOf(zone);
  if (Math.abs(offsetMinutes) > 18 * 60) return undefined;
  const ms = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  const epochMs = utcEpochMs(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { epochMs, offsetMinutes };
}

const MS_PER_DAY = 86_400_000;

/**
 * Days are numbered (days since 1970-01-01) rather than formatted: the daily limit compares the day
 * of every approval in an account's history on every payment, and a number compares for free.
 */
export type DayNumber = number;

/** The day of the instant in UTC. */
export function utcDay(ts: Timestamp): DayNumber {
  return Math.floor(ts.epochMs / MS_PER_DAY);
}

/** The day of the instant on the wall clock of the offset it was written with. */
export function localDay(ts: Timestamp): DayNumber {
  return Math.floor((ts.epochMs + ts.offsetMinutes * 60_000) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function offsetOf(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return sign * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcEpochMs(year, month, 0)).getUTCDate();
}

/** `Date.UTC` without its legacy mapping of years 0-99 to 1900-1999 ("0050" is year 50, not 1950). */
function utcEpochMs(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}
