import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { suggestPartitionKeys, type KeySuggestion } from '../../src/replay/suggest-key.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';
import { transferRequests } from '../helpers/transfer-screening-app.js';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const SAMPLE = fileURLToPath(new URL('../../captures/sample.db', import.meta.url));

/** The same numbers every run, spread without the patterns of i % n (where i % 40 determines i % 20). */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => Math.floor(((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32) * n);
}

const byKey = (keys: readonly KeySuggestion[], key: string) => keys.find((k) => k.key === key);

describe('suggestPartitionKeys', () => {
  test('finds keys in path segments, headers and query parameters as well as bodies, each written as --partition-key reads it', () => {
    const file = captureWith(
      Array.from({ length: 200 }, (_, i) =>
        exchangeOf({
          method: 'GET',
          path: `/v2/customers/cus_${i % 20}/orders`,
          query: `tenant=t${i % 25}&page=${i}`,
          requestHeaders: [['X-Shop', `shop-${i % 40}`], ['Content-Length', String(i % 7)]],
          requestBody: Buffer.alloc(0),
        }),
      ),
    );
    const keys = suggestPartitionKeys(file).keys.map((k) => k.key);
    expect(keys).toEqual(expect.arrayContaining(['path:3', 'query:tenant', 'header:x-shop']));
    // One value everywhere keeps nothing apart; one value per request keeps no order; transport headers name no entity.
    expect(keys).not.toContain('path:2');
    expect(keys).not.toContain('query:page');
    expect(keys).not.toContain('header:content-length');
  });

  test('walks nested bodies with arrays generalised, and leaves out keys missing from more than 1% of requests', () => {
    const file = captureWith(
      Array.from({ length: 300 }, (_, i) =>
        exchangeOf({
          requestBody: body({ order: { lines: [{ sku: `sku-${i % 10}` }, { sku: 'other' }], 'shop id': `s${i % 30}` }, ...(i % 50 === 0 ? {} : { customer: `c${i % 15}` }) }),
        }),
      ),
    );
    const keys = suggestPartitionKeys(file).keys.map((k) => k.key);
    expect(keys).toContain('$.order.lines[*].sku');
    expect(keys).toContain("$.order['shop id']");
    expect(keys).not.toContain('$.customer');
  });

  test('reads at most the sample, and prefers a key of many partitions that each repeat over a coarse one', () => {
    const file = captureWith(
      Array.from({ length: 400 }, (_, i) => exchangeOf({ requestBody: body({ account: `a${i % 40}`, currency: ['EUR', 'USD'][i % 2] }) })),
    );
    const { sampled, keys } = suggestPartitionKeys(file, { sample: 200 });
    expect(sampled).toBe(200);
    expect(keys.map((k) => k.key)).toEqual(['$.account', '$.currency']);
    expect(keys[0]).toMatchObject({ coverage: 1, distinct: 40, perValue: 5 });
  });

  test('drops an id whose values never repeat over a large sample, and keeps an account seen a few times each', () => {
    const file = captureWith(Array.from({ length: 2_400 }, (_, i) => exchangeOf({ requestBody: body({ id: `req-${i}`, account: `a${(i * 13) % 700}` }) })));
    const { keys } = suggestPartitionKeys(file);
    expect(keys.map((k) => k.key)).toEqual(['$.account']);
    expect(keys[0]).toMatchObject({ distinct: 700 });
  });

  test('ranks the account first in the bundled validator traffic: its card is finer, its country an attribute, the merchant a later entity', () => {
    const copy = join(tmpDir(), 'sample.db');
    copyFileSync(SAMPLE, copy);
    const { sampled, keys } = suggestPartitionKeys(copy);
    expect(sampled).toBe(300);
    expect(keys[0]).toMatchObject({ key: '$.account_id', role: 'entity' });
    expect(byKey(keys, '$.card.number')).toMatchObject({ role: 'finer', of: '$.account_id' });
    expect(byKey(keys, '$.customer_country')).toMatchObject({ role: 'attribute', of: '$.account_id' });
    expect(byKey(keys, '$.merchant.country')).toMatchObject({ role: 'attribute', of: '$.merchant.id' });
    expect(byKey(keys, '$.merchant.id')?.role).toBe('entity');
    // Best first means the scores fall.
    expect(keys.map((k) => k.score)).toEqual([...keys.map((k) => k.score)].sort((a, b) => b - a));
  });

  test.each([200, 1_000])('ranks the debtor IBAN first in %i screened transfers, its holder name as another name for it', (count) => {
    const transfers = transferRequests(count);
    const file = captureWith(transfers.map((t) => exchangeOf({ path: '/v1/transfers/screen', requestBody: body(t) })));
    const { keys } = suggestPartitionKeys(file);
    expect(keys[0]).toMatchObject({ key: '$.debtor.iban', distinct: new Set(transfers.map((t) => t.debtor.iban)).size, role: 'entity' });
    expect(byKey(keys, '$.debtor.name')).toMatchObject({ role: 'alias', of: '$.debtor.iban' });
  });

  test('ranks the user of /users/:id/... first, a path segment, over the action segment and the user\'s language', () => {
    const next = seeded(3);
    const actions = ['orders', 'cart', 'wishlist', 'profile', 'addresses', 'payments', 'reviews', 'returns', 'coupons', 'messages', 'settings', 'history'];
    const file = captureWith(
      Array.from({ length: 400 }, () => {
        const user = next(100);
        return exchangeOf({ method: 'GET', path: `/users/u${1_000 + user}/${actions[next(actions.length)]}`, query: `lang=${['en', 'de', 'fr', 'es', 'it'][user % 5]}`, requestBody: Buffer.alloc(0) });
      }),
    );
    const { keys } = suggestPartitionKeys(file);
    expect(keys[0]).toMatchObject({ key: 'path:2', role: 'entity' });
    expect(byKey(keys, 'query:lang')).toMatchObject({ role: 'attribute', of: 'path:2' });
    expect(byKey(keys, 'path:3')?.role).toBe('key');
  });

  test('ranks a header first when only a header names the entity', () => {
    const next = seeded(5);
    const file = captureWith(
      Array.from({ length: 400 }, () =>
        exchangeOf({
          path: '/v1/charges',
          requestHeaders: [['content-type', 'application/json'], ['X-Account-Id', `acct_${next(100)}`]],
          requestBody: body({ currency: ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CAD'][next(12)], amount: next(10_000) / 100 + 0.01 }),
        }),
      ),
    );
    const { keys } = suggestPartitionKeys(file);
    expect(keys.map((k) => k.key)).toEqual(['header:x-account-id', '$.currency']);
  });

  test('ranks a retry key below the account it is finer than: its values repeat only as the same request sent again', () => {
    const next = seeded(11);
    const currencies = Array.from({ length: 16 }, (_, i) => `C${i}`);
    const file = captureWith(
      Array.from({ length: 200 }, (_, op) => {
        const request = exchangeOf({ requestBody: body({ request_nonce: `n-${op}`, account: `a${next(80)}`, currency: currencies[next(16)], amount: next(90_000) }) });
        return [request, request];
      }).flat(),
    );
    const { keys } = suggestPartitionKeys(file);
    expect(keys[0]?.key).toBe('$.account');
    expect(byKey(keys, '$.request_nonce')).toMatchObject({ role: 'resent', of: '$.account', perValue: 2 });
  });

  test('suggests nothing for traffic without a repeating key', () => {
    const file = captureWith(Array.from({ length: 50 }, (_, i) => exchangeOf({ requestBody: body({ id: `req-${i}` }) })));
    expect(suggestPartitionKeys(file).keys).toEqual([]);
  });
});
