/**
 * A cut body's whole length and SHA-256 as a file carries them (JSONL `body_full_length` and
 * `body_sha256`; HAR `content.size`, `bodySize` and `_sha256`). Replay compares a cut body by
 * these (see compare/over-cap.ts), so a file that loses them turns every cut body into a false
 * mismatch, and a wrong one into a wrong verdict: each is checked as strictly as a status.
 */

/** The whole body, for a body the file holds only the start of. */
export interface WholeBody {
  readonly fullLength?: number;
  readonly sha256?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** A SHA-256 as 64 hex digits, lower-cased as Parity computes it; a string saying what is wrong otherwise. */
export function sha256Of(value: unknown, name: string): { readonly sha256: string | undefined } | string {
  if (value === undefined) return { sha256: undefined };
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) return `${name}: expected a SHA-256 as 64 hex digits, got ${shown(value)}`;
  return { sha256: value.toLowerCase() };
}

/** A byte count: a whole number, 0 or more (`allowUnknown`: or -1, HAR's "unknown"). */
export function byteCountOf(value: unknown, name: string, { allowUnknown = false } = {}): { readonly bytes: number | undefined } | string {
  if (value === undefined) return { bytes: undefined };
  if (typeof value === 'number' && Number.isSafeInteger(value) && (value >= 0 || (allowUnknown && value === -1))) return { bytes: value >= 0 ? value : undefined };
  return `${name}: expected a whole number of bytes, 0 or more${allowUnknown ? ' (or -1 for unknown)' : ''}, got ${shown(value)}`;
}

/** The fields an exchange carries for a cut body: nothing when the body is whole or nothing is known. */
export function wholeFields(whole: WholeBody): WholeBody {
  return { ...(whole.fullLength !== undefined ? { fullLength: whole.fullLength } : {}), ...(whole.fullLength !== undefined && whole.sha256 !== undefined ? { sha256: whole.sha256 } : {}) };
}

function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
