import { describe, expect, test } from 'vitest';
import { suggestPartitionKeys } from '../../src/replay/suggest-key.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

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

  test('suggests nothing for traffic without a repeating key', () => {
    const file = captureWith(Array.from({ length: 50 }, (_, i) => exchangeOf({ requestBody: body({ id: `req-${i}` }) })));
    expect(suggestPartitionKeys(file).keys).toEqual([]);
  });
});
