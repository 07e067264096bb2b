import { describe, expect, test } from 'vitest';
import { AGGREGATE_LIMITS, Aggregator, MAX_TRANSITIONS_PER_PATH } from '../../src/compare/aggregate.js';
import { createComparator } from '../../src/compare/classify.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';
import type { Exchange } from '../../src/core/exchange.js';
import { exchangeOf } from '../helpers/exchanges.js';

const answer = (body: unknown, status = 200, headers: [string, string][] = [['content-type', 'application/json']]): SideView =>
  new SideView({ kind: 'answer', status, headers, body: Buffer.from(JSON.stringify(body)), truncated: false, latencyUs: 100 });

/** Feeds pairs of answers through a real comparator into an aggregator, as a replay does. */
function aggregate(pairs: [SideView, SideView, SideView?][], options: CompareOptions): Aggregator {
  const settings = resolveCompare(options);
  const comparator = createComparator(settings, []);
  const a = new Aggregator(AGGREGATE_LIMITS);
  pairs.forEach(([legacy, candidate, secondary], i) => {
    const exchange = { ...exchangeOf({ path: '/cards' }), seq: i + 1 } as Exchange;
    a.add(exchange, legacy, candidate, comparator.compare(legacy, candidate, secondary), comparator.normalised);
  });
  return a;
}

const REST: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };

describe('groups name the change', () => {
  test('a status group names the statuses, and its example shows the status line', () => {
    const a = aggregate([[answer({ error: 'bad' }, 400), answer({ error: 'bad' }, 422)]], { decision: '$.outcome', errorCodes: { paths: [], primary: null } });
    const [group] = a.sortedGroups();
    expect(group?.signature).toBe('status POST /cards 400→422');
    expect(group?.statuses).toEqual({ legacy: 400, candidate: 422 });
    expect(group?.examples[0]?.diff).toBe('status 400 → 422');
  });

  test('a field with few values names its transitions with counts, once per exchange', () => {
    const brands = [...Array<string>(3).fill('verve'), ...Array<string>(5).fill('naranja')];
    const a = aggregate(brands.map((to) => [answer({ brand: 'maestro', tags: [1, 2] }), answer({ brand: to, tags: [1, 2] })]), REST);
    const [group] = a.sortedGroups();
    expect(group?.signature).toBe('body POST /cards $.brand');
    expect(group?.transitions).toEqual([{ path: '$.brand', changes: [{ from: 'maestro', to: 'naranja', count: 5 }, { from: 'maestro', to: 'verve', count: 3 }] }]);
    const items = aggregate([[answer({ items: [{ b: 'x' }, { b: 'x' }] }), answer({ items: [{ b: 'y' }, { b: 'y' }] })]], REST);
    expect(items.sortedGroups()[0]?.transitions).toEqual([{ path: '$.items[*].b', changes: [{ from: 'x', to: 'y', count: 1 }] }]);
  });

  test('beyond the cap of distinct transitions, or for values that are not short scalars, the path stands alone', () => {
    const many = Array.from({ length: MAX_TRANSITIONS_PER_PATH + 1 }, (_, i): [SideView, SideView] => [answer({ n: i }), answer({ n: i + 100 })]);
    expect(aggregate(many, REST).sortedGroups()[0]?.transitions).toEqual([{ path: '$.n', changes: null }]);
    const objects = aggregate([[answer({ o: { a: 'x'.repeat(80) } }), answer({ o: { a: 'y' } })]], REST);
    expect(objects.sortedGroups()[0]?.transitions).toEqual([{ path: '$.o.a', changes: null }]);
  });

  test('decision groups list the other fields that changed with them', () => {
    const options: CompareOptions = { decision: '$.outcome', decisionOrder: ['ALLOW', 'HOLD', 'BLOCK'], errorCodes: { paths: [], primary: null } };
    const a = aggregate(
      [
        [answer({ outcome: 'BLOCK', risk: 90, rule: 'r1' }), answer({ outcome: 'ALLOW', risk: 10, rule: 'r1' })],
        [answer({ outcome: 'BLOCK', risk: 80, rule: 'r1' }), answer({ outcome: 'ALLOW', risk: 10, rule: 'r2' })],
      ],
      options,
    );
    const [group] = a.sortedGroups();
    expect(group).toMatchObject({ signature: 'decision POST /cards BLOCK→ALLOW', severity: 'critical', bodyPaths: [], alsoChanged: [{ path: '$.risk', count: 2 }, { path: '$.rule', count: 1 }] });
  });

  test('indices inside keys are one template, so one cause is one group', () => {
    const a = aggregate(
      [3, 25, 7].map((i): [SideView, SideView] => [answer({ query: { [`a[${i}]`]: 'x' } }), answer({ query: { a: ['x'] } })]),
      REST,
    );
    expect(a.sortedGroups().map((g) => g.signature)).toEqual(["body POST /cards $.query['a[*]'] $.query.a"]);
  });

  test('an order-only difference of error codes reads as a reordering', () => {
    const options: CompareOptions = { decision: null, errorCodes: { paths: ['$.errors[*]'], ordered: true, primary: null } };
    const a = aggregate([[answer({ errors: ['A', 'B'] }), answer({ errors: ['B', 'A'] })]], options);
    expect(a.sortedGroups()[0]?.signature).toBe('error_codes POST /cards codes reordered');
  });

  test('a path decided noise for the endpoint leaves every signature: the groups it split merge', () => {
    const pairs: [SideView, SideView, SideView?][] = [];
    for (let i = 0; i < 10; i++) {
      // The first 8 are compared with a secondary whose $.trace always differs: noise for the endpoint.
      const secondary = i < 8 ? answer({ engine: 'v1', trace: `s${i}` }) : undefined;
      pairs.push([answer({ engine: 'v1', trace: 't' }), answer({ engine: [0, 1, 8].includes(i) ? 'v2' : 'v1', trace: i >= 8 ? 'u' : 't' }), secondary]);
    }
    const a = aggregate(pairs, REST);
    expect(a.sortedGroups().map((g) => g.signature).sort()).toEqual(['body POST /cards $.engine', 'body POST /cards $.engine $.trace', 'body POST /cards $.trace']);
    const { excluded, noiseGroups } = a.excludeNoise(0.5);
    expect([...(excluded.get('POST /cards') ?? [])]).toEqual(['$.trace']);
    const after = a.sortedGroups();
    expect(after.map((g) => [g.signature, g.count])).toEqual([['body POST /cards $.engine', 3]]);
    expect(after[0]?.transitions).toEqual([{ path: '$.engine', changes: [{ from: 'v1', to: 'v2', count: 3 }] }]);
    expect(noiseGroups.map((g) => [g.signature, g.count])).toEqual([['body POST /cards $.trace', 1]]);
  });

  test('the examples of the groups left show their own differences, not the noise excluded for the endpoint', () => {
    const pairs: [SideView, SideView, SideView?][] = [];
    for (let i = 0; i < 6; i++) {
      const stamp = (side: string) => ({ at: `${side}${i}`, items: [{ id: 1, at: `${side}${i}` }] });
      // Every exchange is compared with a secondary: the stamps always differ, the link only with the candidate.
      pairs.push([answer({ link: '/a', ...stamp('l') }), answer({ link: '/b', ...stamp('c') }), answer({ link: '/a', ...stamp('s') })]);
    }
    pairs.push([answer({ at: 'l', items: [] }, 200), answer({ at: 'c', items: [] }, 500)]);
    const a = aggregate(pairs, REST);
    const before = a.sortedGroups().find((g) => g.category === 'body')?.examples[0]?.diff ?? '';
    expect(before).toContain('"at": "l0"');
    a.excludeNoise(0.5);
    const [status, body] = a.sortedGroups();
    expect(body?.signature).toBe('body POST /cards $.link');
    expect(body?.examples).toHaveLength(3);
    for (const example of body?.examples ?? []) {
      expect(example.diff).toMatch(/^noise left out of this diff: \$\.at, \$\.items\[\*\]\.at\n/);
      expect(example.diff).toContain('-   "link": "/a",\n+   "link": "/b",');
      expect(example.diff).not.toMatch(/"at"/);
      // The answers stay as they came: a reviewer still has the stamps.
      expect(example.legacy.body).toContain('"at":"l');
    }
    // The status group's body differed only by noise: its diff is the status change alone.
    expect(status?.signature).toBe('status POST /cards 200→500');
    expect(status?.examples[0]?.diff).toBe('status 200 → 500\n\nnoise left out of this diff: $.at');
  });
});
