/**
 * The UTC offset a customer's devices write timestamps with, by country, including daylight saving
 * time (EU and UK: last Sunday of March to last Sunday of October at 01:00 UTC; US: second Sunday of
 * March to first Sunday of November at 02:00 local), so traffic crosses real offset changes.
 */
type Rule = 'eu' | 'us' | 'none';

const ZONES: Readonly<Record<string, { readonly standard: number; readonly rule: Rule }>> = {
  DE: { standard: 60, rule: 'eu' },
  FR: { standard: 60, rule: 'eu' },
  NL: { standard: 60, rule: 'eu' },
  IT: { standard: 60, rule: 'eu' },
  ES: { standard: 60, rule: 'eu' },
  CH: { standard: 60, rule: 'eu' },
  SE: { standard: 60, rule: 'eu' },
  GB: { standard: 0, rule: 'eu' },
  US: { standard: -300, rule: 'us' },
  JP: { standard: 540, rule: 'none' },
  BH: { standard: 180, rule: 'none' },
  KW: { standard: 180, rule: 'none' },
};

/** The offset in minutes (east of UTC positive) for `country` at the instant `epochMs`; UTC when unknown. */
export function offsetAt(country: string, epochMs: number): number {
  const zone = ZONES[country];
  if (!zone) return 0;
  return zone.standard + (inDaylightSaving(zone.rule, zone.standard, epochMs) ? 60 : 0);
}

function inDaylightSaving(rule: Rule, standard: number, epochMs: number): boolean {
  if (rule === 'none') return false;
  const year = new Date(epochMs).getUTCFullYear();
  if (rule === 'eu') {
    return epochMs >= Date.UTC(year, 2, lastSunday(year, 2), 1) && epochMs < Date.UTC(year, 9, lastSunday(year, 9), 1);
  }
  const start = Date.UTC(year, 2, nthSunday(year, 2, 2), 2) - standard * 60_000;
  const end = Date.UTC(year, 10, nthSunday(year, 10, 1), 2) - (standard + 60) * 60_000;
  return epochMs >= start && epochMs < end;
}

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

function nthSunday(year: number, month: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + (n - 1) * 7;
}

/** How a client writes its timestamps: in its local offset or in UTC, with or without milliseconds. */
export interface TimestampStyle {
  readonly zone: 'local' | 'utc';
  readonly utcSuffix: 'Z' | '+00:00';
  readonly millis: boolean;
}

/** ISO 8601 with an offset, as a client in `country` with `style` writes the instant `epochMs`. */
export function formatTimestamp(epochMs: number, country: string, style: TimestampStyle): string {
  const offset = style.zone === 'local' ? offsetAt(country, epochMs) : 0;
  const wall = new Date(epochMs + offset * 60_000).toISOString().slice(0, style.millis ? 23 : 19);
  return wall + offsetSuffix(offset, style.utcSuffix);
}

function offsetSuffix(offsetMinutes: number, utcSuffix: 'Z' | '+00:00'): string {
  if (offsetMinutes === 0) return utcSuffix;
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}
