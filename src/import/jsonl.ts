import { isJsonlMarker } from './export-marker.js';
import { skip, type ImportRecord } from './import-record.js';
import type { Importer } from './importer.js';
import { fromJsonl } from './jsonl-format.js';
import { linesOf } from './text-lines.js';

/**
 * JSON Lines, streamed: memory holds one chunk of lines at a time whatever the file size.
 * Blank lines are ignored; a first line `{"parity_export":1,"redacted":true}` marks a Parity export.
 */
export const jsonl = {
  format: 'jsonl',
  description: 'JSON Lines, one exchange per line (the format `parity export --format jsonl` writes)',
  async *records(path: string): AsyncIterable<ImportRecord> {
    let number = 0;
    let alreadyRedacted = false;
    let first = true;
    for await (const chunk of linesOf(path)) {
      for (const raw of chunk) {
        number++;
        const line = number === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
        if (line.trim() === '') continue;
        const location = `line ${number}`;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          first = false;
          yield skip('not valid JSON', location);
          continue;
        }
        if (isJsonlMarker(value)) {
          if (!first) yield skip('export marker: only allowed on the first line', location);
          else if (value.parity_export !== 1) yield skip('export marker: unknown version (this Parity reads 1)', location);
          else alreadyRedacted = value.redacted === true;
          first = false;
          continue;
        }
        first = false;
        yield fromJsonl(value, location, alreadyRedacted);
      }
    }
  },
} satisfies Importer;
