import { JSONL_MARKER } from '../export-marker.js';
import { toJsonlLine } from '../jsonl-format.js';
import type { Exporter } from './exporter.js';

/** JSON Lines: the export marker line, then one exchange per line (format in `jsonl-format.ts`). */
export const jsonlExporter = {
  format: 'jsonl',
  description: 'JSON Lines, one exchange per line, bodies byte-exact (utf8 or base64)',
  async write(exchanges, sink) {
    let count = 0;
    await sink.write(`${JSON.stringify(JSONL_MARKER)}\n`);
    for (const exchange of exchanges) {
      const wait = sink.write(`${toJsonlLine(exchange)}\n`);
      if (wait) await wait;
      count++;
    }
    return count;
  },
} satisfies Exporter;
