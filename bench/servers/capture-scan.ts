/**
 * Child-process entry for bench/capture-scale.bench.ts: one scan of a capture, in its own process
 * so its memory is its own. Prints `{"mark":"early"|"end","rss":bytes}` lines.
 *
 *   capture-scan.ts raw FILE EARLY      SELECT every response body with better-sqlite3 (the floor)
 *   capture-scan.ts reader FILE EARLY   every exchange through Parity's streaming reader, in order
 */
import Database from 'better-sqlite3';
import { openCaptureReader } from '../../src/store/index.js';

const [mode, file, earlyText] = process.argv.slice(2);
if ((mode !== 'raw' && mode !== 'reader') || !file) throw new Error('usage: capture-scan.ts raw|reader FILE EARLY');
const early = Number(earlyText);
const mark = (name: string) => process.stdout.write(`${JSON.stringify({ mark: name, rss: process.memoryUsage.rss() })}\n`);

let n = 0;
let bytes = 0;
if (mode === 'raw') {
  const db = new Database(file, { readonly: true });
  for (const body of db.prepare('SELECT response_body FROM exchanges ORDER BY seq').pluck().iterate() as IterableIterator<Buffer | null>) {
    bytes += body?.byteLength ?? 0;
    if (++n === early) mark('early');
  }
  db.close();
} else {
  const reader = openCaptureReader(file);
  for (const exchange of reader.exchanges()) {
    bytes += exchange.requestBody.byteLength;
    if (++n === early) mark('early');
  }
  reader.close();
}
mark('end');
process.stdout.write(`${JSON.stringify({ exchanges: n, bytes })}\n`);
