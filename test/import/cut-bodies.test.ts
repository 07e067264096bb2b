import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Answer, NewExchange } from '../../src/core/exchange.js';
import { exportCapture } from '../../src/import/export-capture.js';
import type { ExportFormat } from '../../src/import/exporters/index.js';
import { har } from '../../src/import/har.js';
import { importFile } from '../../src/import/import-file.js';
import { jsonl } from '../../src/import/jsonl.js';
import { replay } from '../../src/replay/runner.js';
import { resolveReplaySettings } from '../../src/replay/replay-options.js';
import { openCaptureReader } from '../../src/store/index.js';
import { runParity } from '../helpers/cli.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { fileWith, readAll } from '../helpers/import.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

// A body cut at the recorder's cap is compared at replay by its whole length and SHA-256; a capture
// exported and imported again must keep both, or every cut body becomes a false mismatch.

const KEY = Buffer.from('cut-bodies-test-key-0123456789ab');
const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A 3 MB JSON answer; `changed` flips one byte near its end, far past the 1 MiB cap. */
function bigBody(changed = false): Buffer {
  const head = '{"report":"';
  const tail = '"}';
  const body = Buffer.from(head + 'x'.repeat(3_000_000 - head.length - tail.length) + tail);
  if (changed) body[body.length - 5] = 'y'.charCodeAt(0);
  return body;
}

/** The exchange the recorder stores for that answer: its first MiB, the whole length and hash. */
function cutExchange(): NewExchange {
  const whole = bigBody();
  const response: Answer = { kind: 'answer', status: 200, headers: [['content-type', 'application/json'], ['content-length', String(whole.length)]], body: whole.subarray(0, MiB), truncated: true, fullLength: whole.length, sha256: sha256(whole), latencyUs: 900 };
  return exchangeOf({ method: 'GET', path: '/report', requestHeaders: [['accept', 'application/json']], requestBody: Buffer.alloc(0), response });
}

async function exportTo(capture: string, format: ExportFormat): Promise<string> {
  const out = join(tmpDir(), `export.${format}`);
  await exportCapture({ capture, format, out, version: '0.0.0-test' });
  return out;
}

async function importTo(input: string, format: 'har' | 'jsonl', trustExports = false): Promise<string> {
  const out = join(tmpDir(), `imported-${format}.db`);
  const result = await importFile({ format, input, out, key: KEY, createdBy: 'test', trustExports });
  expect(result).toMatchObject({ imported: 1, skipped: 0, refused: 0 });
  return out;
}

function onlyExchange(capture: string) {
  const reader = openCaptureReader(capture);
  try {
    const [first] = [...reader.exchanges()];
    return first;
  } finally {
    reader.close();
  }
}

const answerOf = (e: NewExchange | undefined) => (e?.response.kind === 'answer' ? e.response : undefined);

describe('export and import keep a cut body\'s whole length and SHA-256', () => {
  test.each(['jsonl', 'har'] as const)('%s: a 3 MB answer cut at 1 MiB replays as a match against the same answer, as one body mismatch against a byte changed past the cap', async (format) => {
    const capture = captureWith([cutExchange()]);
    const imported = await importTo(await exportTo(capture, format), format);
    expect(answerOf(onlyExchange(imported))).toMatchObject({ truncated: true, fullLength: 3_000_000, sha256: sha256(bigBody()) });

    const same = bigBody();
    const changed = bigBody(true);
    const serve = (body: Buffer) => startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const options = (candidate: string) => ({ capture: imported, ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate, order: 'global' } }]), compare: { decision: null } });

    const equal = await replay(options((await serve(same)).url));
    expect(equal.totals).toMatchObject({ compared: 1, mismatched: 0 });

    const differs = await replay(options((await serve(changed)).url));
    expect(differs.categories).toMatchObject({ body: 1, match: 0, transport: 0 });
    expect(differs.groups.flatMap((g) => g.bodyPaths)).toEqual(['(body: over the cap, sha256 differs)']);
  }, 60_000);

  test('the JSONL line carries body_full_length and body_sha256 next to the body, and only for a cut body', async () => {
    const whole = cutExchange();
    const capture = captureWith([whole, exchangeOf()]);
    const [marker, cut, kept] = readFileSync(await exportTo(capture, 'jsonl'), 'utf8').split('\n').map((line) => (line === '' ? undefined : (JSON.parse(line) as Record<string, Record<string, unknown>>)));
    expect(marker).toEqual({ parity_export: 1, redacted: true });
    expect(cut?.['response']).toMatchObject({ truncated: true, body_full_length: 3_000_000, body_sha256: sha256(bigBody()) });
    expect(kept?.['response']).not.toHaveProperty('body_full_length');
    expect(kept?.['response']).not.toHaveProperty('body_sha256');
  });

  test('the HAR entry says the whole size where HAR puts it (content.size, bodySize) and the hash in _sha256', async () => {
    const requestBody = Buffer.from('{"q":"' + 'r'.repeat(100) + '"}');
    const cutRequest = exchangeOf({ requestBody: requestBody.subarray(0, 40), requestTruncated: true, requestFullLength: requestBody.length, requestSha256: sha256(requestBody) });
    const capture = captureWith([cutExchange(), cutRequest]);
    const doc = JSON.parse(readFileSync(await exportTo(capture, 'har'), 'utf8')) as { log: { entries: { request: { bodySize: number; postData?: Record<string, unknown> }; response: { bodySize: number; content: Record<string, unknown> } }[] } };
    const [big, post] = doc.log.entries;
    expect(big?.response.content).toMatchObject({ size: 3_000_000, _sha256: sha256(bigBody()) });
    expect(big?.response.bodySize).toBe(3_000_000);
    expect((big?.response.content['text'] as string).length).toBe(MiB);
    expect(post?.request.bodySize).toBe(requestBody.length);
    expect(post?.request.postData).toMatchObject({ _sha256: sha256(requestBody) });
    expect(post?.response.content).not.toHaveProperty('_sha256');
  });

  test.each(['jsonl', 'har'] as const)('%s: a cut request body keeps its whole length and hash too, field by field with --trust-export', async (format) => {
    const requestBody = Buffer.from('{"q":"' + 'r'.repeat(100) + '"}');
    const cutRequest = exchangeOf({ requestBody: requestBody.subarray(0, 40), requestTruncated: true, requestFullLength: requestBody.length, requestSha256: sha256(requestBody) });
    const capture = captureWith([cutRequest]);
    const back = onlyExchange(await importTo(await exportTo(capture, format), format, true));
    expect(back).toMatchObject({ requestTruncated: true, requestFullLength: requestBody.length, requestSha256: sha256(requestBody) });
    expect(Buffer.from(back?.requestBody ?? []).toString()).toBe(requestBody.subarray(0, 40).toString());
  });

  test('a cut body from an older capture (no length, no hash) goes out and comes back without them', async () => {
    const old = exchangeOf({ response: { kind: 'answer', status: 200, headers: [], body: Buffer.from('{"a":'), truncated: true, latencyUs: 1 } });
    for (const format of ['jsonl', 'har'] as const) {
      const back = answerOf(onlyExchange(await importTo(await exportTo(captureWith([old]), format), format, true)));
      expect(back).toMatchObject({ truncated: true });
      expect(back?.fullLength).toBeUndefined();
      expect(back?.sha256).toBeUndefined();
    }
  });
});

const harOf = (response: Record<string, unknown>, request: Record<string, unknown> = {}) =>
  JSON.stringify({ log: { version: '1.2', creator: { name: 'Firefox', version: '133' }, entries: [{ startedDateTime: '2026-11-23T10:00:00.000Z', time: 1, request: { method: 'GET', url: 'http://h.test/p', headers: [], ...request }, response: { status: 200, headers: [], ...response } }] } });

describe('a browser HAR whose content.size is larger than its text', () => {
  test('imports as a cut body with the whole length and no hash, tagged response-body-cut, not as a whole body', async () => {
    const { exchanges, skipped } = await readAll(har, fileWith(harOf({ content: { size: 2_000_000, mimeType: 'application/json', text: '{"rows":[1,2,3' } })));
    expect(skipped).toEqual([]);
    const answer = answerOf(exchanges[0]);
    expect(answer).toMatchObject({ truncated: true, fullLength: 2_000_000 });
    expect(answer?.sha256).toBeUndefined();
    expect(exchanges[0]?.tags).toEqual(['response-body-cut']);
  });

  test('a compressed answer keeps no length: the size is of the decoded content, not of the bytes replay compares', async () => {
    const content = { size: 2_000_000, mimeType: 'application/json', text: '{"rows":[1,2,3' };
    const { exchanges } = await readAll(har, fileWith(harOf({ headers: [{ name: 'Content-Encoding', value: 'gzip' }], content })));
    const answer = answerOf(exchanges[0]);
    expect(answer).toMatchObject({ truncated: true });
    expect(answer?.fullLength).toBeUndefined();
  });

  test('text as long as size (or size -1, unknown) is a whole body', async () => {
    for (const size of [14, -1]) {
      const { exchanges } = await readAll(har, fileWith(harOf({ content: { size, mimeType: 'application/json', text: '{"rows":[1,2]}' } })));
      expect(answerOf(exchanges[0])).toMatchObject({ truncated: false });
      expect(exchanges[0]?.tags).toEqual([]);
    }
  });
});

describe('bad lengths and hashes skip the record with a reason naming the field', () => {
  const hex = 'ab'.repeat(32);
  test.each([
    ['a _sha256 of 63 hex digits', { content: { size: 10, text: 'abc', _sha256: hex.slice(1) } }, {}, 'response.content._sha256: expected a SHA-256 as 64 hex digits, got "'],
    ['a _sha256 that is not hex', { content: { size: 10, text: 'abc', _sha256: 'z'.repeat(64) } }, {}, 'response.content._sha256: expected a SHA-256 as 64 hex digits'],
    ['a negative size', { content: { size: -5, text: 'abc' } }, {}, 'response.content.size: expected a whole number of bytes, 0 or more (or -1 for unknown), got -5'],
    ['a fractional size', { content: { size: 10.5, text: 'abc' } }, {}, 'response.content.size: expected a whole number of bytes, 0 or more (or -1 for unknown), got 10.5'],
    ['a size that is a string', { content: { size: '10', text: 'abc' } }, {}, 'response.content.size: expected a whole number of bytes'],
    ['a postData _sha256 that is a number', { content: { size: 3, text: 'abc' } }, { method: 'POST', postData: { mimeType: 'text/plain', text: 'q', _sha256: 7 } }, 'request.postData._sha256: expected a SHA-256 as 64 hex digits, got 7'],
    ['a fractional request bodySize', { content: { size: 3, text: 'abc' } }, { bodySize: 1.5 }, 'request.bodySize: expected a whole number of bytes'],
  ])('HAR: %s', async (_name, response, request, reason) => {
    const { exchanges, skipped } = await readAll(har, fileWith(harOf(response, request)));
    expect(exchanges).toEqual([]);
    expect(skipped[0]?.reason).toContain(reason);
  });

  const line = (response: Record<string, unknown>) => JSON.stringify({ recorded_at: '2026-11-23T10:00:00.000Z', method: 'GET', path: '/p', response: { status: 200, body: 'abc', ...response } });
  test.each([
    ['a body_sha256 that is too short', { truncated: true, body_full_length: 10, body_sha256: 'abc' }, 'response.body_sha256: expected a SHA-256 as 64 hex digits, got "abc"'],
    ['a negative body_full_length', { truncated: true, body_full_length: -1 }, 'response.body_full_length: expected a whole number of bytes, 0 or more, got -1'],
    ['a fractional body_full_length', { truncated: true, body_full_length: 3.5 }, 'response.body_full_length: expected a whole number of bytes, 0 or more, got 3.5'],
    ['a length on a body not truncated', { body_full_length: 10 }, 'response.body_full_length: only for a truncated body ("truncated": true)'],
    ['a hash without its length', { truncated: true, body_sha256: hex }, 'response.body_sha256: needs body_full_length (the whole body\'s length)'],
    ['a length shorter than the body kept', { truncated: true, body_full_length: 2 }, 'response.body_full_length: 2 is less than the 3 bytes of body the line holds'],
  ])('JSONL: %s', async (_name, response, reason) => {
    const { exchanges, skipped } = await readAll(jsonl, fileWith(`${line(response)}\n`));
    expect(exchanges).toEqual([]);
    expect(skipped).toEqual([{ reason, location: 'line 1' }]);
  });

  test('a hash in capitals is read, stored as Parity writes hashes (lower case)', async () => {
    const { exchanges } = await readAll(jsonl, fileWith(`${line({ truncated: true, body_full_length: 10, body_sha256: hex.toUpperCase() })}\n`));
    expect(answerOf(exchanges[0])).toMatchObject({ fullLength: 10, sha256: hex });
  });

  test('parity import of a file whose only record has a bad hash exits 2 naming the field', async () => {
    const file = join(tmpDir(), 'bad.jsonl');
    writeFileSync(file, `${line({ truncated: true, body_full_length: 10, body_sha256: 'not-a-hash' })}\n`);
    const { code, stderr } = await runParity(['import', 'jsonl', file, '--out', join(tmpDir(), 'bad.db')], { PARITY_REDACT_KEY: KEY.toString('hex') });
    expect(code).toBe(2);
    expect(stderr).toContain('line 1: response.body_sha256: expected a SHA-256 as 64 hex digits, got "not-a-hash"');
  });
});
