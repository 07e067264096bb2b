import { describe, expect, test } from 'vitest';
import { forEachPackedRow, INSERT_COLUMNS, RowPacker, type PackedRows } from '../../src/import/packed-rows.js';
import { toRow, type NewExchangeRow } from '../../src/store/rows.js';
import { exchangeOf } from '../helpers/exchanges.js';

/** The rows of a packed batch as row objects, named by the columns the writer binds them to. */
function unpackRows(packed: PackedRows): NewExchangeRow[] {
  const rows: NewExchangeRow[] = [];
  forEachPackedRow(packed, (values) => rows.push(Object.fromEntries(INSERT_COLUMNS.map((name, i) => [name, values[i]])) as unknown as NewExchangeRow));
  return rows;
}

describe('packed rows (the import writer thread reads what the reader thread made)', () => {
  test('every field of toRow comes back as it was, nulls as nulls, for each kind of exchange', () => {
    const exchanges = [
      exchangeOf(),
      exchangeOf({ path: '/é/日本', query: 'q=ü', requestHeaders: [['x-name', 'Zoë']], tags: ['scheme:https', 'réplay'] }),
      exchangeOf({ response: { kind: 'no-answer', error: 'ECONNRESET', latencyUs: 12.6 }, requestBody: Buffer.alloc(0) }),
      exchangeOf({
        requestTruncated: true,
        requestFullLength: 9_000_000,
        requestSha256: 'a'.repeat(64),
        response: { kind: 'answer', status: 599, headers: [], body: Buffer.from([0, 255, 1]), truncated: true, fullLength: 70_000, sha256: 'b'.repeat(64), latencyUs: 3 },
      }),
      exchangeOf({ seq: 42 }),
    ];
    const packer = new RowPacker();
    for (const e of exchanges) packer.add(toRow(e));
    expect(packer.count).toBe(exchanges.length);
    const rows = unpackRows(packer.take());
    expect(packer.count).toBe(0);
    expect(rows).toEqual(exchanges.map(toRow));
  });

  test('a lone surrogate (no UTF-8 form) in a string comes back as U+FFFD, as UTF-8 would carry it', () => {
    const packer = new RowPacker();
    packer.add(toRow(exchangeOf({ path: '/a\ud800b', query: 'q=\udc00', response: { kind: 'no-answer', error: 'E\ud83d', latencyUs: 1 } })));
    const [row] = unpackRows(packer.take());
    expect([row?.path, row?.query, row?.upstream_error]).toEqual(['/a\ufffdb', 'q=\ufffd', 'E\ufffd']);
  });

  test('a batch larger than the packer started with grows it, and the next batch starts empty', () => {
    const big = exchangeOf({ requestBody: Buffer.alloc(3 << 20, 0x41) });
    const packer = new RowPacker();
    packer.add(toRow(big));
    packer.add(toRow(exchangeOf()));
    const [first, second] = unpackRows(packer.take());
    expect(first?.request_body.equals(big.requestBody as Buffer)).toBe(true);
    expect(second).toEqual(toRow(exchangeOf()));
    packer.add(toRow(exchangeOf({ path: '/next' })));
    expect(unpackRows(packer.take()).map((r) => r.path)).toEqual(['/next']);
  });
});
