import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewExchange } from '../../src/core/exchange.js';
import type { ImportRecord, Importer } from '../../src/import/importer.js';
import { tmpDir } from './tmp.js';

export const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

/** Every record an importer gives for a file, split into exchanges and skips. */
export async function readAll(importer: Importer, path: string) {
  const records: ImportRecord[] = [];
  for await (const record of importer.records(path)) records.push(record);
  const exchanges = records.flatMap((r) => (r.ok ? [r.exchange] : []));
  const skipped = records.flatMap((r) => (r.ok ? [] : [{ reason: r.reason, location: r.location }]));
  return { records, exchanges, skipped };
}

/** Writes `content` to a new file in a temporary directory and returns its path. */
export function fileWith(content: string | Uint8Array, name = 'input'): string {
  const path = join(tmpDir(), name);
  writeFileSync(path, content);
  return path;
}

/** An exchange as plain data for `toEqual` (bodies as Buffers, no seq). */
export function plain(e: NewExchange) {
  const { seq: _seq, ...rest } = e as NewExchange & { seq?: number };
  const r = rest.response;
  return {
    ...rest,
    requestBody: Buffer.from(rest.requestBody),
    response: r.kind === 'answer' ? { ...r, body: Buffer.from(r.body) } : r,
  };
}
