import type { ImportRecord } from './import-record.js';

export type { ImportRecord } from './import-record.js';

/** Turns one traffic file format into exchanges, streaming where the format allows it. */
export interface Importer {
  readonly format: string;
  /** One line for `--help`. */
  readonly description: string;
  records(path: string): AsyncIterable<ImportRecord>;
}
