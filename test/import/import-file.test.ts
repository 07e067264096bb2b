import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { importFile, type ImportProgress } from '../../src/import/import-file.js';
import { JSONL_MARKER } from '../../src/import/export-marker.js';
import { toJsonlLine } from '../../src/import/jsonl-format.js';
import { openCaptureReader } from '../../src/store/index.js';
import { exchangeOf } from '../helpers/exchanges.js';
import { fileWith } from '../helpers/import.js';
import { tmpDir } from '../helpers/tmp.js';

const KEY = Buffer.from('import-file-test-key-0123456789');
const jsonlOf = (count: number, extra: string[] = []) => [...Array.from({ length: count }, (_, i) => toJsonlLine(exchangeOf({ path: `/n/${i}` }))), ...extra].join('\n');

async function expectParityError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  expect((error as ParityError).code).toBe(code);
  expect((error as ParityError).message).toMatch(message);
}

describe('importFile', () => {
  test('writes every valid exchange in batches, in file order, and reports progress per batch', async () => {
    const out = join(tmpDir(), 'c.db');
    const progress: ImportProgress[] = [];
    const result = await importFile({ format: 'jsonl', input: fileWith(jsonlOf(2_500)), out, key: KEY, createdBy: 'test', batchSize: 1_000, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ imported: 2_500, skipped: 0, refused: 0, alreadyRedacted: false, out, format: 'jsonl' });
    expect(progress.map((p) => p.imported)).toEqual([1_000, 2_000, 2_500]);
    const reader = openCaptureReader(out);
    try {
      expect(reader.count()).toBe(2_500);
      expect([...reader.exchanges({ toSeq: 3 })].map((e) => [e.seq, e.path])).toEqual([
        [1, '/n/0'],
        [2, '/n/1'],
        [3, '/n/2'],
      ]);
      expect(reader.meta.source).toBe('import jsonl');
    } finally {
      reader.close();
    }
  });

  test('skips are counted by reason, most frequent first, each with its first location', async () => {
    const input = fileWith(jsonlOf(2, ['nope', '{"method":"GET"}', 'nope again', '[]']));
    const result = await importFile({ format: 'jsonl', input, out: join(tmpDir(), 'c.db'), key: KEY, createdBy: 'test' });
    expect(result.imported).toBe(2);
    expect(result.skipped).toBe(4);
    expect(result.skippedReasons).toEqual([
      { reason: 'not valid JSON', count: 2, firstLocation: 'line 3' },
      { reason: 'path: missing', count: 1, firstLocation: 'line 4' },
      { reason: 'not a JSON object', count: 1, firstLocation: 'line 6' },
    ]);
  });

  test('exchanges redaction refuses are counted and never stored; the rest are redacted', async () => {
    const track = toJsonlLine(exchangeOf({ requestBody: Buffer.from('{"track2":";4111111111111111=2812101"}') }));
    const card = toJsonlLine(exchangeOf({ requestHeaders: [['cookie', 'sid=1']], requestBody: Buffer.from('{"card":{"number":"4111111111111111"}}') }));
    const out = join(tmpDir(), 'c.db');
    const result = await importFile({ format: 'jsonl', input: fileWith([track, card].join('\n')), out, key: KEY, createdBy: 'test' });
    expect(result).toMatchObject({ imported: 1, refused: 1, refusedReasons: [{ reason: 'track-data', count: 1, firstLocation: 'line 1' }] });
    const reader = openCaptureReader(out);
    try {
      const [stored] = [...reader.exchanges()];
      expect(stored?.requestHeaders).toEqual([]);
      expect(Buffer.from(stored?.requestBody ?? []).toString()).not.toContain('4111111111111111');
    } finally {
      reader.close();
    }
  });

  test('nothing valid → IMPORT_UNPARSEABLE naming the first problem, and no capture is left behind', async () => {
    const out = join(tmpDir(), 'c.db');
    await expectParityError(importFile({ format: 'jsonl', input: fileWith('garbage\nmore garbage\n'), out, key: KEY, createdBy: 'test' }), 'IMPORT_UNPARSEABLE', /2 records skipped, e\.g\. line 1: not valid JSON$/);
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(out + suffix)).toBe(false);
  });

  test('an empty file → IMPORT_UNPARSEABLE: it holds no records', async () => {
    const out = join(tmpDir(), 'c.db');
    await expectParityError(importFile({ format: 'gor', input: fileWith(''), out, key: KEY, createdBy: 'test' }), 'IMPORT_UNPARSEABLE', /the file holds no records/);
    expect(existsSync(out)).toBe(false);
  });

  test('a missing input or a directory → IMPORT_NOT_FOUND, and no capture is created', async () => {
    const dir = tmpDir();
    const out = join(dir, 'c.db');
    await expectParityError(importFile({ format: 'har', input: join(dir, 'missing.har'), out, key: KEY, createdBy: 'test' }), 'IMPORT_NOT_FOUND', /import file not found: .*missing\.har/);
    mkdirSync(join(dir, 'folder'));
    await expectParityError(importFile({ format: 'har', input: join(dir, 'folder'), out, key: KEY, createdBy: 'test' }), 'IMPORT_NOT_FOUND', /folder is not a file/);
    expect(existsSync(out)).toBe(false);
  });

  test('a large import keeps its WAL bounded while it runs, loses nothing, and ends as one file', async () => {
    // 4,000 exchanges of 16 KB (64 MB): the writer's commits checkpoint as the import runs; without
    // that the WAL would hold the whole import until its end.
    const body = (i: number) => `${String(i).padStart(6, '0')}${'x'.repeat(16_000)}`;
    const lines = Array.from({ length: 4_000 }, (_, i) => toJsonlLine(exchangeOf({ path: `/n/${i}`, requestBody: Buffer.from(body(i)) })));
    const input = fileWith([JSON.stringify(JSONL_MARKER), ...lines].join('\n'));
    const out = join(tmpDir(), 'c.db');
    let largestWal = 0;
    const result = await importFile({
      format: 'jsonl', input, out, key: KEY, createdBy: 'test', trustExports: true, batchSize: 100,
      onProgress: () => (largestWal = Math.max(largestWal, statSync(`${out}-wal`, { throwIfNoEntry: false })?.size ?? 0)),
    });
    expect(result.imported).toBe(4_000);
    expect(largestWal).toBeGreaterThan(0);
    expect(largestWal).toBeLessThan(32 * 2 ** 20);
    for (const suffix of ['-wal', '-shm']) expect(existsSync(out + suffix)).toBe(false);
    const reader = openCaptureReader(out);
    try {
      expect(reader.count()).toBe(4_000);
      const stored = [...reader.exchanges()];
      expect(stored.map((e) => e.path)).toEqual(lines.map((_, i) => `/n/${i}`));
      expect(stored.every((e, i) => Buffer.from(e.requestBody).toString() === body(i))).toBe(true);
    } finally {
      reader.close();
    }
  });

  test('an existing capture is never overwritten', async () => {
    const out = join(tmpDir(), 'c.db');
    writeFileSync(out, 'precious');
    await expectParityError(importFile({ format: 'jsonl', input: fileWith(jsonlOf(1)), out, key: KEY, createdBy: 'test' }), 'CAPTURE_EXISTS', /already exists/);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });
});
