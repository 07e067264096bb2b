import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { headerValue, type NewExchange } from '../../src/core/exchange.js';
import { ParityError } from '../../src/core/errors.js';
import { writeFileSync } from 'node:fs';
import { importCapture, mergeCaptures, openCapture } from '../../src/index.js';
import { REDACTION_ENGINE } from '../../src/redact/redactor.js';
import { CaptureWriter, createCapture } from '../../src/store/index.js';
import { exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';
import { RECORDER_HEADER, recordThrough } from '../helpers/recorders.js';

const KEY = Buffer.from('merge-test-key-0123456789abcdef');
const OTHER_KEY = Buffer.from('another-key-0123456789abcdef-xyz');
const PER_RECORDER = 20;

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ParityError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ParityError');
}

function readAll(file: string) {
  const reader = openCapture(file);
  try {
    return { meta: reader.meta, exchanges: [...reader.exchanges()] };
  } finally {
    reader.close();
  }
}

/** A capture written directly, for what recording cannot arrange (equal times, missing fingerprints). */
function written(dir: string, name: string, exchanges: readonly NewExchange[], details: { redaction?: string; key?: Uint8Array } = {}): string {
  const file = join(dir, `${name}.db`);
  const writer = new CaptureWriter(createCapture(file, { createdBy: 'parity test', source: 'test', redaction: details.redaction ?? REDACTION_ENGINE, ...(details.key ? { redactionKey: details.key } : {}) }));
  writer.append(exchanges);
  writer.close();
  return file;
}

describe('mergeCaptures: three recorders of one service', () => {
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parity-merge-'));
    files = await recordThrough(dir, ['recorder-a', 'recorder-b', 'recorder-c'], KEY, PER_RECORDER * 3);
    // Real recorders: generous on a loaded machine, about a second on an idle one.
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every exchange once, in recorded-time order, numbered anew, tagged with the recorder it came through', async () => {
    const out = join(dir, 'all.db');
    const progress: number[] = [];
    const result = await mergeCaptures({ inputs: files, out, createdBy: 'parity test', batchSize: 25, onProgress: (p) => progress.push(p.merged) });

    expect(result.merged).toBe(PER_RECORDER * 3);
    expect(result.origins).toEqual(files.map((file, i) => ({ file, origin: ['recorder-a', 'recorder-b', 'recorder-c'][i], exchanges: PER_RECORDER })));
    expect(progress).toEqual([25, 50, 60]);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const { meta, exchanges } = readAll(out);
    expect(exchanges.map((e) => e.seq)).toEqual(Array.from({ length: PER_RECORDER * 3 }, (_, i) => i + 1));
    const times = exchanges.map((e) => e.recordedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of exchanges) expect(e.tags).toContain(`origin:${headerValue(e.requestHeaders, RECORDER_HEADER)}`);
    // The recorders' captures interleave: a concatenation would run one origin's 20 in a row.
    const firstOrigins = exchanges.slice(0, 3).map((e) => e.tags.find((t) => t.startsWith('origin:')));
    expect(new Set(firstOrigins).size).toBe(3);
    // Each recorder's exchanges keep their own order, bodies untouched.
    for (const file of files) {
      const origin = `origin:${file.slice(dir.length + 1, -3)}`;
      const own = readAll(file).exchanges;
      const mergedOwn = exchanges.filter((e) => e.tags.includes(origin));
      expect(mergedOwn.map((e) => Buffer.from(e.requestBody).toString())).toEqual(own.map((e) => Buffer.from(e.requestBody).toString()));
    }
    expect(meta.source).toBe('merge of 3 captures');
    expect(meta.redaction).toBe(REDACTION_ENGINE);
    expect(meta.keyFingerprint).toBe(readAll(files[0]!).meta.keyFingerprint);
  });

  test('recorders write a fingerprint of their key, never the key', () => {
    const { meta } = readAll(files[0]!);
    expect(meta.keyFingerprint).toBe(createHmac('sha256', KEY).update('parity-key-id').digest('hex').slice(0, 16));
    expect(readFileSync(files[0]!).includes(KEY)).toBe(false);
    expect(readFileSync(files[0]!).includes(KEY.toString('hex'))).toBe(false);
  });

  test('a capture recorded under another key is refused by name, and nothing is created', async () => {
    const [odd] = await recordThrough(tmpDir(), ['recorder-d'], OTHER_KEY, 3);
    const out = join(dir, 'refused.db');
    const { code, message } = await codeOf(mergeCaptures({ inputs: [...files, odd!], out, createdBy: 't' }));
    expect(code).toBe('CAPTURE_MERGE_REFUSED');
    expect(message).toContain(odd);
    expect(message).toContain('another redaction key');
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  test('an import under the same key merges with the recordings; a trusted export (key unknown) needs --force', async () => {
    const jsonl = join(dir, 'extra.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ recorded_at: '2026-11-23T10:00:00.000Z', method: 'GET', path: '/healthz', response: { status: 200 } })}\n`);
    const imported = join(dir, 'imported.db');
    await importCapture({ format: 'jsonl', input: jsonl, out: imported, key: KEY, createdBy: 't' });
    const result = await mergeCaptures({ inputs: [...files, imported], out: join(dir, 'with-import.db'), createdBy: 't' });
    expect(result.merged).toBe(PER_RECORDER * 3 + 1);
    expect(readAll(join(dir, 'with-import.db')).exchanges[0]?.tags).toEqual(['origin:imported']);

    const trusted = join(dir, 'trusted.db');
    await importCapture({ format: 'jsonl', input: jsonl, out: trusted, key: KEY, createdBy: 't', trustExports: true });
    expect(readAll(trusted).meta.keyFingerprint).toBe('');
    expect((await codeOf(mergeCaptures({ inputs: [files[0]!, trusted], out: join(dir, 'trusted-out.db'), createdBy: 't' }))).code).toBe('CAPTURE_MERGE_REFUSED');
  });

  test('an existing output is never overwritten', async () => {
    const out = join(dir, 'taken.db');
    copyFileSync(files[0]!, out);
    const before = readFileSync(out);
    expect((await codeOf(mergeCaptures({ inputs: files, out, createdBy: 't' }))).code).toBe('CAPTURE_EXISTS');
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  test('a missing input is CAPTURE_NOT_FOUND, and nothing is created', async () => {
    const out = join(dir, 'missing.db');
    const { code, message } = await codeOf(mergeCaptures({ inputs: [files[0]!, join(dir, 'nope.db')], out, createdBy: 't' }));
    expect(code).toBe('CAPTURE_NOT_FOUND');
    expect(message).toContain('nope.db');
    expect(existsSync(out)).toBe(false);
  });

  test('a merge stopped midway leaves no output', async () => {
    const out = join(dir, 'stopped.db');
    const stop = new AbortController();
    const { code } = await codeOf(mergeCaptures({ inputs: files, out, createdBy: 't', batchSize: 10, signal: stop.signal, onProgress: () => stop.abort() }));
    expect(code).toBe('INTERRUPTED');
    for (const suffix of ['', '-wal', '-shm', '-journal']) expect(existsSync(out + suffix)).toBe(false);
  });

  test('the same capture given twice is refused', async () => {
    const { code, message } = await codeOf(mergeCaptures({ inputs: [files[0]!, files[1]!, join(dir, '.', 'recorder-a.db')], out: join(dir, 'twice.db'), createdBy: 't' }));
    expect(code).toBe('CAPTURE_MERGE_REFUSED');
    expect(message).toMatch(/recorder-a\.db/);
  });
});

describe('mergeCaptures: ordering and origins', () => {
  const at = (ms: number, id: string, tags: string[] = []) => exchangeOf({ recordedAt: ms, requestBody: Buffer.from(id), tags });
  const ids = (file: string) => readAll(file).exchanges.map((e) => Buffer.from(e.requestBody).toString());

  test('equal times keep the inputs’ order, then each input’s sequence order', async () => {
    const dir = tmpDir();
    const a = written(dir, 'a', [at(1, 'a1'), at(5, 'a2'), at(5, 'a3'), at(9, 'a4')], { key: KEY });
    const b = written(dir, 'b', [at(5, 'b1'), at(5, 'b2'), at(7, 'b3')], { key: KEY });
    // Out of time order within one capture (seq is arrival order; times may step back): still merged by time.
    const c = written(dir, 'c', [at(8, 'c1'), at(0, 'c2')], { key: KEY });
    const out = join(dir, 'out.db');
    await mergeCaptures({ inputs: [b, a, c], out, createdBy: 't' });
    expect(ids(out)).toEqual(['c2', 'a1', 'b1', 'b2', 'a2', 'a3', 'b3', 'c1', 'a4']);
  });

  test('an exchange merged before keeps its first origin; equal base names fall back to the paths', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'eu'));
    mkdirSync(join(dir, 'us'));
    const eu = written(join(dir, 'eu'), 'capture', [at(1, 'e1'), at(3, 'e2', ['origin:eu-1'])], { key: KEY });
    const us = written(join(dir, 'us'), 'capture', [at(2, 'u1')], { key: KEY });
    const out = join(dir, 'out.db');
    const result = await mergeCaptures({ inputs: [eu, us], out, createdBy: 't' });
    expect(result.origins.map((o) => o.origin)).toEqual([join(dir, 'eu', 'capture'), join(dir, 'us', 'capture')]);
    expect(readAll(out).exchanges.map((e) => e.tags)).toEqual([[`origin:${join(dir, 'eu', 'capture')}`], [`origin:${join(dir, 'us', 'capture')}`], ['origin:eu-1']]);
    const named = await mergeCaptures({ inputs: [{ file: eu, origin: 'eu' }, { file: us, origin: 'us' }], out: join(dir, 'named.db'), createdBy: 't' });
    expect(named.origins.map((o) => o.origin)).toEqual(['eu', 'us']);
  });

  test('a capture without a key fingerprint is refused unless forced, and the merge says which', async () => {
    const dir = tmpDir();
    const current = written(dir, 'current', [at(1, 'x')], { key: KEY });
    const older = written(dir, 'older', [at(2, 'y')]);
    const refused = await codeOf(mergeCaptures({ inputs: [current, older], out: join(dir, 'out.db'), createdBy: 't' }));
    expect(refused.code).toBe('CAPTURE_MERGE_REFUSED');
    expect(refused.message).toContain(older);
    expect(existsSync(join(dir, 'out.db'))).toBe(false);
    const forced = await mergeCaptures({ inputs: [current, older], out: join(dir, 'out.db'), createdBy: 't', force: true });
    expect(forced.unverified).toEqual([older]);
    expect(readAll(join(dir, 'out.db')).meta.keyFingerprint).toBe(readAll(current).meta.keyFingerprint);
  });

  test('captures cleaned by different redaction engines are refused, --force or not', async () => {
    const dir = tmpDir();
    const clean = written(dir, 'clean', [at(1, 'x')], { key: KEY });
    const raw = written(dir, 'raw', [at(2, 'y')], { redaction: '', key: KEY });
    const { code, message } = await codeOf(mergeCaptures({ inputs: [clean, raw], out: join(dir, 'out.db'), createdBy: 't', force: true }));
    expect(code).toBe('CAPTURE_MERGE_REFUSED');
    expect(message).toContain(raw);
    expect(message).toContain('engine');
  });

  test('empty captures merge into an empty capture', async () => {
    const dir = tmpDir();
    const out = join(dir, 'out.db');
    const result = await mergeCaptures({ inputs: [written(dir, 'a', [], { key: KEY }), written(dir, 'b', [], { key: KEY })], out, createdBy: 't' });
    expect(result.merged).toBe(0);
    expect(readAll(out).exchanges).toEqual([]);
  });
});
