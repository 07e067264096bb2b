import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { exportCapture, type TextTarget } from '../../src/import/export-capture.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';

const many = (n: number) => Array.from({ length: n }, (_, i) => exchangeOf({ path: `/n/${i}`, requestBody: Buffer.from('x'.repeat(500)) }));

async function failure(promise: Promise<unknown>): Promise<ParityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  return error as ParityError;
}

describe('exportCapture', () => {
  test('creates the file with mode 0600 and reports exchanges and bytes', async () => {
    const out = join(tmpDir(), 'x.jsonl');
    const result = await exportCapture({ capture: captureWith(many(3)), format: 'jsonl', out, version: 't' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(result).toMatchObject({ exchanges: 3, format: 'jsonl', out, bytes: statSync(out).size });
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('{"parity_export":1,"redacted":true}');
  });

  test('onProgress: the total first, then every 500 exchanges read, then the end', async () => {
    const seen: { done: number; total: number }[] = [];
    const result = await exportCapture({ capture: captureWith(many(1_200)), format: 'har', out: join(tmpDir(), 'x.har'), version: 't', onProgress: (p) => seen.push(p) });
    expect(result.exchanges).toBe(1_200);
    expect(seen).toEqual([0, 500, 1_000, 1_200].map((done) => ({ done, total: 1_200 })));
  });

  test('a capture written without the redaction engine (an older Parity) is redacted on export; a recorded one is not touched', async () => {
    const card = '4539000000950289';
    const exchange = exchangeOf({ requestBody: Buffer.from(`{"card":{"number":"${card}","cvv":"5832"}}`), requestHeaders: [['Authorization', 'Bearer t-1']] });
    for (const format of ['jsonl', 'har'] as const) {
      const out = join(tmpDir(), `old.${format}`);
      const result = await exportCapture({ capture: captureWith([exchange], 'old.db', ''), format, out, version: '0.0.0-test' });
      expect(result).toMatchObject({ exchanges: 1, redactedOnExport: true, refused: 0 });
      const text = readFileSync(out, 'utf8');
      expect(text).not.toContain(card);
      expect(text).not.toContain('5832');
      expect(text).not.toContain('t-1');
    }
    const recorded = join(tmpDir(), 'recorded.jsonl');
    expect(await exportCapture({ capture: captureWith([exchange], 'recorded.db'), format: 'jsonl', out: recorded, version: '0.0.0-test' })).toMatchObject({ redactedOnExport: false });
    expect(readFileSync(recorded, 'utf8')).toContain(card);
  });

  test('never overwrites an existing file (EXPORT_EXISTS), leaving it untouched', async () => {
    const out = join(tmpDir(), 'x.har');
    writeFileSync(out, 'precious');
    expect((await failure(exportCapture({ capture: captureWith(many(1)), format: 'har', out, version: 't' }))).code).toBe('EXPORT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  test('a missing directory is EXPORT_UNWRITABLE with a mkdir hint', async () => {
    const error = await failure(exportCapture({ capture: captureWith(many(1)), format: 'jsonl', out: join(tmpDir(), 'no', 'x.jsonl'), version: 't' }));
    expect(error.code).toBe('EXPORT_UNWRITABLE');
    expect(error.hint).toMatch(/^mkdir -p /);
  });

  test('a missing capture fails before any output file is created', async () => {
    const dir = tmpDir();
    const error = await failure(exportCapture({ capture: join(dir, 'missing.db'), format: 'jsonl', out: join(dir, 'x.jsonl'), version: 't' }));
    expect(error.code).toBe('CAPTURE_NOT_FOUND');
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  });

  test('an empty capture exports a marker-only JSONL and a valid empty HAR', async () => {
    const capture = captureWith([]);
    const dir = tmpDir();
    await exportCapture({ capture, format: 'jsonl', out: join(dir, 'e.jsonl'), version: 't' });
    await exportCapture({ capture, format: 'har', out: join(dir, 'e.har'), version: 't' });
    expect(readFileSync(join(dir, 'e.jsonl'), 'utf8')).toBe('{"parity_export":1,"redacted":true}\n');
    expect(JSON.parse(readFileSync(join(dir, 'e.har'), 'utf8'))).toMatchObject({ log: { entries: [] } });
  });

  test('a slow target is waited for (backpressure): no write is issued while it has not drained', async () => {
    const writes: string[] = [];
    let waiting = false;
    let drain: (() => void) | undefined;
    const target: TextTarget = {
      write(text) {
        expect(waiting).toBe(false);
        writes.push(text);
        waiting = true;
        setTimeout(() => {
          waiting = false;
          drain?.();
        }, 1);
        return false;
      },
      once(_event, listener) {
        drain = listener;
      },
    };
    const result = await exportCapture({ capture: captureWith(many(400)), format: 'jsonl', out: target, version: 't' });
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.join('').split('\n').filter(Boolean)).toHaveLength(401);
    expect(result.out).toBeUndefined();
  });
});
