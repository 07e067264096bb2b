import type { NewExchange } from '../core/exchange.js';

/**
 * One record read from a foreign traffic file: an exchange, or the reason it could not be one.
 * Importers never throw on bad content; they report it here and move on.
 */
export type ImportRecord =
  | {
      readonly ok: true;
      readonly exchange: NewExchange;
      /** Where the record came from, e.g. `line 12`, `entries[3]`, `payload 7 at byte 5120`. */
      readonly location: string;
      /** The file says Parity exported it, already redacted (see `export-marker.ts`). */
      readonly alreadyRedacted: boolean;
    }
  | { readonly ok: false; readonly reason: string; readonly location: string };

/** A skipped record (the shape every importer reports problems in). */
export function skip(reason: string, location: string): ImportRecord {
  return { ok: false, reason, location };
}
