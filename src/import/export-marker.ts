/**
 * Parity's exports say "already redacted": importing one again must not tokenise card surrogates
 * a second time (a surrogate of a surrogate is a different number), or a round trip would change
 * bytes. Anyone can write the marker, so it is trusted only with `--trust-export`.
 */

/** The first line of a JSONL export. */
export const JSONL_MARKER = { parity_export: 1, redacted: true } as const;

/** `log.creator.name` and `log._parity` of a HAR export. */
export const HAR_CREATOR_NAME = 'parity';
export const HAR_MARKER = { export: 1, redacted: true } as const;

/** The JSONL first line's object says Parity wrote the file, redacted. */
export function isJsonlMarker(value: unknown): value is { parity_export: unknown; redacted?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'parity_export' in value;
}

/** A HAR `log` written by Parity's exporter. */
export function isParityHarLog(log: Record<string, unknown>): boolean {
  const creator = log['creator'] as { name?: unknown } | undefined;
  const marker = log['_parity'] as { redacted?: unknown } | undefined;
  return creator?.name === HAR_CREATOR_NAME && marker?.redacted === true;
}
