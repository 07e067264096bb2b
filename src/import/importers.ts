import { gor } from './gor.js';
import { har } from './har.js';
import type { Importer } from './importer.js';
import { jsonl } from './jsonl.js';

/** The importers by format name: adding a format is a file plus one line here. */
export const IMPORTERS = { har, jsonl, gor } as const satisfies Record<string, Importer>;

export type ImportFormat = keyof typeof IMPORTERS;

export const IMPORT_FORMATS = Object.keys(IMPORTERS) as ImportFormat[];
