import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { CaptureWriter, openCapture, openCaptureReader } from '../../src/store/index.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';

const SHA = 'ab'.repeat(32);

/** A capture as a Parity of format v1 wrote it: no columns for a cut body's length and hash. */
function versionOneCapture(): string {
  const path = join(tmpDir(), 'v1.db');
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.exec(MIGRATIONS[0] ?? '');
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  for (const [key, value] of [['format', 'parity-capture'], ['schema_version', '1'], ['created_at', '2026-01-01T00:00:00Z'], ['created_by', 'parity 0.0.1'], ['source', 'record']]) meta.run(key, value);
  db.prepare(
    `INSERT INTO exchanges (seq, recorded_at, method, path, query, request_headers, request_body, request_truncated, status, response_headers, response_body, response_truncated, upstream_error, latency_us, tags)
     VALUES (1, 1000, 'GET', '/big', '', '[]', x'', 0, 200, '[]', x'7b7b', 1, NULL, 10, '[]')`,
  ).run();
  db.close();
  return path;
}

describe('a cut body’s whole length and SHA-256 in the capture', () => {
  test('round-trip for the request and the response; bodies kept whole carry neither', () => {
    const cut = exchangeOf({
      requestBody: Buffer.from('{"a":'),
      requestTruncated: true,
      requestFullLength: 3_000_000,
      requestSha256: SHA,
      response: { kind: 'answer', status: 200, headers: [], body: Buffer.from('[1,'), truncated: true, fullLength: 2_097_153, sha256: SHA, latencyUs: 5 },
    });
    const whole = exchangeOf();
    const reader = openCaptureReader(captureWith([cut, whole]));
    const [first, second] = [...reader.exchanges()];
    reader.close();
    expect(first).toEqual({ ...cut, seq: 1 });
    expect(second).toEqual({ ...whole, seq: 2 });
    expect(second?.response).not.toHaveProperty('fullLength');
    expect(second).not.toHaveProperty('requestSha256');
  });

  test('a v1 capture still reads (a cut body without length or hash); opened for writing it becomes v2 and takes them', () => {
    const path = versionOneCapture();
    const old = openCaptureReader(path);
    expect(old.meta.schemaVersion).toBe(1);
    const [row] = [...old.exchanges()];
    old.close();
    expect(row?.response).toEqual({ kind: 'answer', status: 200, headers: [], body: Buffer.from('{{'), truncated: true, latencyUs: 10 });

    const { db, meta } = openCapture(path, { readonly: false });
    expect(meta.schemaVersion).toBe(SCHEMA_VERSION);
    const writer = new CaptureWriter(db);
    writer.append([exchangeOf({ response: { kind: 'answer', status: 200, headers: [], body: Buffer.from('x'), truncated: true, fullLength: 5_000_000, sha256: SHA, latencyUs: 1 } })]);
    writer.close();
    const reader = openCaptureReader(path);
    const both = [...reader.exchanges()].map((e) => e.response);
    reader.close();
    expect(both[0]).not.toHaveProperty('sha256');
    expect(both[1]).toMatchObject({ truncated: true, fullLength: 5_000_000, sha256: SHA });
  });
});
