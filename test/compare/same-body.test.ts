import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Aggregator } from '../../src/compare/aggregate.js';
import { createComparator } from '../../src/compare/classify.js';
import { buildNormaliser } from '../../src/compare/normalise/registry.js';
import { sameBodyTest } from '../../src/compare/same-body.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';
import { differingStrings, MAX_DIFFERING_STRINGS } from '../../src/compare/differing-strings.js';
import type { Exchange } from '../../src/core/exchange.js';

const JSON_TYPE: [string, string] = ['content-type', 'application/json'];

const view = (body: string | Buffer, headers: [string, string][] = [JSON_TYPE], status = 200): SideView =>
  new SideView({ kind: 'answer', status, headers, body: typeof body === 'string' ? Buffer.from(body) : body, truncated: false, latencyUs: 100 });

const NOISE: CompareOptions = { ignore: { body: ['$.request_id', '$.processed_at', '$.items[*].trace', '$..span'] } };

const answer = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    transaction_id: 'tx-1',
    decision: 'approve',
    reason_code: null,
    errors: [],
    risk_score: 12,
    items: [
      { sku: 'A', price: 1.5, trace: 't-1', meta: { span: 's-1' } },
      { sku: 'B', price: 2, trace: 't-2', meta: { span: 's-2' } },
    ],
    request_id: 'req-1',
    processed_at: '2026-11-30T04:00:00.000Z',
    ...overrides,
  });

const same = (a: string | Buffer, b: string | Buffer, options: CompareOptions = NOISE, headersA?: [string, string][], headersB?: [string, string][]) =>
  sameBodyTest(resolveCompare(options))(view(a, headersA), view(b, headersB));

describe('differingStrings: the string values two JSON texts differ in, from their bytes', () => {
  const bytes = (text: string) => Buffer.from(text);

  test('names the location of the differing string, keys decoded, indexes counted', () => {
    expect(differingStrings(bytes('{"a":[1,{"b":"x"}]}'), bytes('{"a":[1,{"b":"yz"}]}'))).toEqual([['a', 1, 'b']]);
    expect(differingStrings(bytes('{"k\\u0041":"x","z":1}'), bytes('{"k\\u0041":"y","z":1}'))).toEqual([['kA']]);
    expect(differingStrings(bytes('"abc"'), bytes('"abd"'))).toEqual([[]]);
    expect(differingStrings(bytes('{"a":1}'), bytes('{"a":1}'))).toBe('identical');
  });

  test('several differing strings, of other lengths, each with its location', () => {
    expect(differingStrings(bytes('{"a":"x","n":[1,"p"],"b":"x"}'), bytes('{"a":"longer","n":[1,"q"],"b":""}'))).toEqual([['a'], ['n', 1], ['b']]);
    const many = (v: string) => bytes(JSON.stringify(Array.from({ length: MAX_DIFFERING_STRINGS + 1 }, () => v)));
    expect(differingStrings(many('x'), many('y'))).toBeUndefined(); // past the bound: left to the full comparison
    expect(differingStrings(bytes('{"a":"x","b":"x","c":1}'), bytes('{"a":"yy","b":"y","c":2}'))).toBeUndefined(); // a number after two strings
    expect(differingStrings(bytes('{"a":"x","b":"x"}'), bytes('{"a":"yy","b":"y"} '))).toBeUndefined(); // trailing bytes after two strings
  });

  test('anything but string values differing is not proved', () => {
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"b":"x"}'))).toBeUndefined(); // a key
    expect(differingStrings(bytes('{"a":1.0}'), bytes('{"a":1}'))).toBeUndefined(); // a number
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":5}'))).toBeUndefined(); // a string became a number
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":"x"} '))).toBeUndefined(); // trailing bytes
    expect(differingStrings(bytes('{"a":"x","b":1}'), bytes('{"a":"x\\",\\"b\\":1}'))).toBeUndefined(); // a quote escaped in b: the tails differ
  });

  test('a differing string that is not valid JSON in the second text is not proved', () => {
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":"x\\q"}'))).toBeUndefined();
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":"x\\u12g4"}'))).toBeUndefined();
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":"x\ty"}'))).toBeUndefined(); // a raw tab
    expect(differingStrings(bytes('{"a":"x"}'), bytes('{"a":"x\\u00e9\\n\\"y"}'))).toEqual([['a']]);
  });
});

describe('sameBodyTest: bodies proved equal from their bytes', () => {
  test('byte-equal bodies, and bodies differing only in a string an ignore rule drops', () => {
    expect(same(answer(), answer())).toBe(true);
    expect(same(answer(), answer({ request_id: 'req-2-longer' }))).toBe(true);
    expect(same(answer(), answer({ request_id: 'req-2', processed_at: '2026-11-30T04:00:01.5Z' }))).toBe(true); // two, both dropped
    const traced = (trace: string) => answer({ items: [{ sku: 'A', trace }, { sku: 'B', trace: 't' }] });
    expect(same(traced('t-1'), traced('t-9'))).toBe(true); // $.items[*].trace
    const spanned = (span: string) => answer({ items: [{ sku: 'A', meta: { span } }] });
    expect(same(spanned('s-1'), spanned('s-2'))).toBe(true); // $..span
  });

  test('a difference no ignore rule drops is left to the full comparison', () => {
    expect(same(answer(), answer({ request_id: 'req-2' }), {})).toBe(false);
    expect(same(answer(), answer({ transaction_id: 'tx-2' }))).toBe(false);
    expect(same(answer(), answer({ request_id: 'req-2', transaction_id: 'tx-2' }))).toBe(false); // one dropped, one not
    expect(same('{"a":1,"b":2}', '{"b":2,"a":1}')).toBe(false); // key order: equal, but proved by the walk
    expect(same('{"a":1.0}', '{"a":1}')).toBe(false);
  });

  test('a dropped string a decision or code is read from is left to the full comparison', () => {
    expect(same(answer({ decision: 'approve' }), answer({ decision: 'decline' }), { ignore: { body: ['$.decision'] } })).toBe(false);
    const coded = (code: string) => answer({ errors: [{ code }] });
    expect(same(coded('A'), coded('B'), { ignore: { body: ['$.errors'] } })).toBe(false);
  });

  test('an index rule after a rule that removes items is not trusted (indexes have shifted)', () => {
    const list = (x: string) => JSON.stringify({ list: [{ v: 'a' }, { v: x }, { v: 'c' }] });
    expect(same(list('b'), list('B'), { ignore: { body: ['$.list[1].v'] } })).toBe(true);
    expect(same(list('b'), list('B'), { ignore: { body: ['$.list[0]', '$.list[1].v'] } })).toBe(false);
  });

  test('a crosswalk, another Content-Type or an undecodable body is left to the full comparison', () => {
    expect(same(answer(), answer(), { ...NOISE, errorCodes: { crosswalk: { '05': 'DO_NOT_HONOR' } } })).toBe(false);
    expect(same(answer(), answer(), NOISE, [JSON_TYPE], [['content-type', 'application/json; charset=utf-8']])).toBe(false);
    expect(same('not gzip', 'not gzip', NOISE, [JSON_TYPE, ['content-encoding', 'gzip']], [JSON_TYPE, ['content-encoding', 'gzip']])).toBe(false);
  });

  test('decoded content is what is compared: a gzip answer and a plain one with the same content', () => {
    expect(same(gzipSync(answer()), answer({ request_id: 'other' }), NOISE, [JSON_TYPE, ['content-encoding', 'gzip']], [JSON_TYPE])).toBe(true);
  });
});

describe('the shortcut gives the verdict of the full comparison', () => {
  const comparators = (options: CompareOptions) => {
    const settings = resolveCompare(options);
    const normalisers = settings.normalise.map(buildNormaliser);
    return { fast: createComparator(settings, normalisers), full: createComparator(settings, normalisers, { sameBodyShortcut: false }) };
  };
  const text: [string, string] = ['content-type', 'text/plain; charset=utf-8'];
  const cases: { name: string; a: string | Buffer; b: string | Buffer; options?: CompareOptions; ha?: [string, string][]; hb?: [string, string][]; sa?: number; sb?: number }[] = [
    { name: 'identical bodies', a: answer(), b: answer() },
    { name: 'identical bodies, no rules at all', a: answer(), b: answer(), options: {} },
    { name: 'differing only in an ignored field', a: answer(), b: answer({ request_id: 'req-2' }) },
    { name: 'differing only in two ignored fields', a: answer(), b: answer({ request_id: 'req-22', processed_at: 'later' }) },
    { name: 'two ignored fields and one compared string', a: answer(), b: answer({ request_id: 'req-22', transaction_id: 'tx-9', processed_at: 'later' }) },
    { name: 'differing only in an ignored field under [*]', a: answer(), b: answer({ items: [{ sku: 'A', price: 1.5, trace: 'zz', meta: { span: 's-1' } }, { sku: 'B', price: 2, trace: 't-2', meta: { span: 's-2' } }] }) },
    { name: 'noise without an ignore rule', a: answer(), b: answer({ request_id: 'req-2' }), options: {} },
    { name: 'keys in another order', a: '{"decision":"approve","a":1,"request_id":"x"}', b: '{"a":1,"decision":"approve","request_id":"y"}' },
    { name: '1.0 against 1', a: '{"a":1.0,"request_id":"x"}', b: '{"a":1,"request_id":"y"}' },
    { name: 'a real difference beside ignored noise', a: answer(), b: answer({ risk_score: 55, request_id: 'req-2' }) },
    { name: 'a decision change', a: answer(), b: answer({ decision: 'decline' }) },
    { name: 'a decision change in a field the rules ignore', a: answer(), b: answer({ decision: 'decline' }), options: { ignore: { body: ['$.decision'] } } },
    { name: 'codes in an ignored array', a: answer({ errors: [{ code: 'A' }] }), b: answer({ errors: [{ code: 'B' }] }), options: { ignore: { body: ['$.errors'] } } },
    { name: 'identical bodies, statuses differ', a: answer(), b: answer(), sb: 500 },
    { name: 'noise only, statuses differ', a: answer(), b: answer({ request_id: 'r' }), sb: 422 },
    { name: 'identical bodies, a redirect target differs', a: answer(), b: answer(), ha: [JSON_TYPE, ['location', '/a']], hb: [JSON_TYPE, ['location', '/b']] },
    { name: 'identical bodies under a crosswalk', a: answer({ decision: 'decline', errors: [{ code: '05' }] }), b: answer({ decision: 'decline', errors: [{ code: '05' }] }), options: { errorCodes: { crosswalk: { '05': 'DO_NOT_HONOR' } } } },
    { name: 'identical text bodies', a: 'one\ntwo', b: 'one\ntwo', ha: [text], hb: [text] },
    { name: 'identical bytes read in two charsets', a: Buffer.from([0x63, 0x61, 0x66, 0xe9]), b: Buffer.from([0x63, 0x61, 0x66, 0xe9]), ha: [text], hb: [['content-type', 'text/plain; charset=latin1']] },
    { name: 'a gzip answer against a plain one', a: gzipSync(answer()), b: answer({ request_id: 'z' }), ha: [JSON_TYPE, ['content-encoding', 'gzip']] },
    { name: 'normalisers after the ignore rules', a: answer({ name: 'Ada' }), b: answer({ name: 'ADA', request_id: 'q' }), options: { ...NOISE, normalise: [{ type: 'case-insensitive', path: '$.name' }, { type: 'unordered', path: '$.items' }] } },
    { name: 'an ignored string holding escapes', a: answer({ request_id: 'a"b\\c' }), b: answer({ request_id: 'é\n"' }) },
    { name: 'an ignored key written with an escape', a: '{"request\\u005fid":"a","b":1}', b: '{"request\\u005fid":"b","b":1}' },
  ];

  for (const c of cases) {
    test(c.name, () => {
      const { fast, full } = comparators(c.options ?? NOISE);
      const pair = () => [view(c.a, c.ha, c.sa), view(c.b, c.hb, c.sb)] as const;
      expect(fast.compare(...pair())).toEqual(full.compare(...pair()));
    });
  }

  test('the bench\'s case, a match but for ignored noise, takes the shortcut', () => {
    expect(same(answer({ request_id: 'l-1' }), answer({ request_id: 'c-1' }), { ignore: { body: ['$.request_id', '$.processed_at'] } })).toBe(true);
  });

  test('on 400 random pairs of documents and edits, the same verdict as the full comparison', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const leaf = (): unknown => pick(['x', 'é"\\', 'request', 1, 1.5, true, null]);
    const doc = (depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = { decision: pick(['approve', 'decline']), request_id: `r-${Math.floor(random() * 9)}` };
      for (const key of ['a', 'span', 'trace', 'b']) out[key] = depth > 0 && random() < 0.4 ? (random() < 0.5 ? doc(depth - 1) : [doc(depth - 1), leaf()]) : leaf();
      return out;
    };
    // One edit at a random place: a string value, a number, a key, or nothing.
    const edit = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map((v) => (random() < 0.3 ? edit(v) : v));
      if (typeof value === 'object' && value !== null) {
        const entries = Object.entries(value);
        const i = Math.floor(random() * entries.length);
        return Object.fromEntries(entries.map(([k, v], j) => (j !== i ? [k, v] : random() < 0.1 ? [`${k}2`, v] : [k, edit(v)])));
      }
      if (typeof value === 'string') return random() < 0.8 ? `${value}-${Math.floor(random() * 3)}` : 5;
      if (typeof value === 'number') return random() < 0.5 ? value + 1 : String(value);
      return value;
    };
    const options: CompareOptions = { ignore: { body: ['$.request_id', '$..span', '$.a[*].trace', '$.b'] } };
    const { fast, full } = comparators(options);
    let shortcuts = 0;
    const test = sameBodyTest(resolveCompare(options));
    for (let n = 0; n < 400; n++) {
      const original = doc(2);
      const a = JSON.stringify(original);
      const b = JSON.stringify(random() < 0.2 ? original : edit(original));
      if (test(view(a), view(b))) shortcuts++;
      expect(fast.compare(view(a), view(b)), `${a}\n${b}`).toEqual(full.compare(view(a), view(b)));
    }
    expect(shortcuts).toBeGreaterThan(80);
  });

  test('aggregated, the shortcut and the full comparison give the same groups and counts', () => {
    const aggregate = (fastPath: boolean) => {
      const { fast, full } = comparators(NOISE);
      const comparator = fastPath ? fast : full;
      const aggregator = new Aggregator({ examplesPerGroup: 2, maxGroups: 50, maxExampleBodyChars: 500 });
      cases.forEach((c, i) => {
        if (c.options !== undefined) return;
        const exchange = { seq: i + 1, method: 'POST', path: '/v1/validate', query: '', requestHeaders: [], requestBody: Buffer.from('{}') } as unknown as Exchange;
        const [l, r] = [view(c.a, c.ha, c.sa), view(c.b, c.hb, c.sb)];
        aggregator.add(exchange, l, r, comparator.compare(l, r), comparator.normalised);
      });
      return { categories: aggregator.categories, decisions: [...aggregator.decisions], groups: aggregator.sortedGroups() };
    };
    const fast = aggregate(true);
    expect(fast.categories.match).toBeGreaterThan(3);
    expect(fast).toEqual(aggregate(false));
  });
});
