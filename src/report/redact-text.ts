import type { ReportV1 } from './model.js';

/** Parts of a report that hold no traffic: run metadata, settings, latency figures. */
const NO_TRAFFIC: ReadonlySet<string> = new Set(['tool', 'run', 'latency', 'settings']);

/**
 * The report with `redact` applied to every string that came from traffic outside the examples
 * (which are redacted as they are made): group signatures, body paths, decisions, codes, noise
 * paths. A JSON key that is a card number names a body path; it must not reach the file either.
 */
export function redactReportText(report: ReportV1, redact: (text: string) => string): ReportV1 {
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (key !== undefined && (NO_TRAFFIC.has(key) || key === 'examples')) return value;
    if (typeof value === 'string') return redact(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(report, undefined) as ReportV1;
}
