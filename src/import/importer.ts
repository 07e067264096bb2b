import { gor } from './gor.js';
import { har } from './har.js';
import type { ImportRecord } from './import-record.js';
import { jsonl } from './jsonl.js';

export type { ImportRecord } from './import-record.js';

/** Turns one traffic file format into exchanges, streaming where the format allows it. */
export interface Importer {
  readonly format: string;
  /** One line for `--help`. */
  readonly description: string;
  records(path: string): AsyncIterable<ImportRecord>;
}

/** The importers by format name: adding a format is a file plus one line here. */
export const IMPORTERS = { har, jsonl, gor } as const satisfies Record<string, Importer>;

export type ImportFormat = keyof typeof IMPORTERS;

export const IMPORT_FORMATS = Object.keys(IMPORTERS) as ImportFormat[];
