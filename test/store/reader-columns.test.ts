import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';

// The reader takes rows from SQLite as arrays and finds each field by its column's name: these
// pin that every field lands where it belongs, in a v2 file and in a v1 file read as it is.
describe('CaptureReader columns', () => {
  const cut = exchangeOf({
    method: 'POST',
    path: '/v1/cut',
    query: 'q=1',
    requestBody: Buffer.from('abc'),
    requestTruncated: true,
    requestFullLength: 9_000,
    requestSha256: 'a'.repeat(64),
    response: { kind: 'answer', status: 201, headers: [['x-a', '1']], body: Buffer.from('def'), truncated: true, fullLength: 7_000, sha256: 'b'.repeat(64), latencyUs: 77 },
    tags: ['t'],
  });

  test('a truncated exchange reads back with the whole lengths and hashes of both bodies', () => {
    const reader = openCaptureReader(captureWith([cut]));
    const [read] = [...reader.exchanges()];
    reader.close();
    expect(read).toEqual({ ...cut, seq: 1 });
  });

  test('a v1 capture (without the v2 columns) reads every other field, the v2 ones absent', () => {
    const path = captureWith([cut]);
    const db = new Database(path);
    for (const column of ['request_full_length', 'request_sha256', 'response_full_length', 'response_sha256']) db.exec(`ALTER TABLE exchanges DROP COLUMN ${column}`);
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    db.close();
    const reader = openCaptureReader(path);
    const [read] = [...reader.exchanges()];
    reader.close();
    const { requestFullLength: _rl, requestSha256: _rs, ...v1 } = cut;
    const { fullLength: _fl, sha256: _s, ...response } = cut.response as Extract<typeof cut.response, { kind: 'answer' }>;
    expect(read).toEqual({ ...v1, response, seq: 1 });
  });
});
