import { describe, expect, test } from 'vitest';
import { AGGREGATE_LIMITS, Aggregator } from '../../src/compare/aggregate.js';
import type { Group } from '../../src/report/model.js';
import { resolveCompare } from '../../src/compare/settings.js';
import { reportFrom } from '../../src/report/build.js';
import { mergeReports } from '../../src/report/merge.js';
import type { ReportV1 } from '../../src/report/model.js';

const ENDPOINT = 'POST /v1/things';
const SETTINGS = resolveCompare({});

/**
 * An aggregation over `sampled` exchanges compared with a secondary, on which `$.stamp` differed
 * between legacy and secondary `noisy` times, and `bodyMismatches` exchanges whose only candidate
 * difference was `$.stamp` (one body group).
 */
function shardAggregation(sampled: number, noisy: number, bodyMismatches: number): Aggregator {
  const a = new Aggregator(AGGREGATE_LIMITS);
  a.compared = sampled;
  a.categories.match = sampled - bodyMismatches;
  a.categories.body = bodyMismatches;
  a.endpoints.set(ENDPOINT, { total: sampled, matched: sampled - bodyMismatches });
  a.decisions.set('approve\u0000approve', sampled);
  a.noise.set(ENDPOINT, { exchanges: sampled, paths: new Map([['$.stamp', noisy]]) });
  if (bodyMismatches > 0) a.groups.set(stampGroup.signature, { ...stampGroup, count: bodyMismatches, examples: [] });
  return a;
}

const stampGroup: Group = {
  signature: `body ${ENDPOINT} $.stamp`,
  category: 'body',
  severity: 'low',
  endpoint: ENDPOINT,
  legacyDecision: 'approve',
  candidateDecision: 'approve',
  codesAdded: [],
  codesRemoved: [],
  bodyPaths: ['$.stamp'],
  count: 0,
  examples: [],
};

function reportOf(a: Aggregator, shard: { index: number; count: number } | null): ReportV1 {
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return reportFrom(a, SETTINGS, {
    run: {
      startedAt: at,
      finishedAt: at,
      durationMs: 0,
      interrupted: false,
      capture: { path: 'c.db', sha256: 'a'.repeat(64) },
      config: null,
      legacy: 'http://127.0.0.1:1',
      candidate: 'http://127.0.0.1:2',
      secondary: 'http://127.0.0.1:3',
      order: 'key',
      partitionKey: '$.account',
      concurrency: 4,
      shard,
      mergedShards: null,
    },
    skipped: {},
    credentials: { restored: 0, missing: 0 },
    legacySource: 'live',
    settings: { noiseThreshold: SETTINGS.noiseThreshold },
  });
}

describe('mergeReports and noise', () => {
  test('a path noisy in one shard but not across the run is not excluded: its groups come back as mismatches', () => {
    // Shard 1: $.stamp noisy on 10 of 100 (10%, over the 5% threshold) → its body group is noise.
    // Shard 2: never noisy on 400. Over the run: 10 of 500 = 2%, under the threshold.
    const one = reportOf(shardAggregation(100, 10, 3), { index: 1, count: 2 });
    const two = reportOf(shardAggregation(400, 0, 0), { index: 2, count: 2 });
    expect(one.noiseGroups.map((g) => g.count)).toEqual([3]);
    expect(one.categories.body).toBe(0);

    const merged = mergeReports([one, two]);
    const whole = reportOf(shardAggregation(500, 10, 3), null);
    expect(merged.noise).toEqual([{ endpoint: ENDPOINT, path: '$.stamp', exchanges: 10, sampled: 500, share: 0.02, excluded: false }]);
    expect(merged.noiseGroups).toEqual([]);
    expect(merged.groups.map((g) => [g.signature, g.count])).toEqual([[stampGroup.signature, 3]]);
    expect(merged.categories).toEqual(whole.categories);
    expect(merged.totals).toEqual(whole.totals);
    expect(merged.endpoints).toEqual(whole.endpoints);
  });

  test('a path noisy across the run is excluded in the merge even where one shard alone kept its group', () => {
    // Shard 1 saw the group but little noise (1 of 100); shard 2 saw much noise (60 of 100).
    const one = reportOf(shardAggregation(100, 1, 2), { index: 1, count: 2 });
    const two = reportOf(shardAggregation(100, 60, 0), { index: 2, count: 2 });
    expect(one.groups).toHaveLength(1);

    const merged = mergeReports([two, one]);
    expect(merged.groups).toEqual([]);
    expect(merged.noiseGroups.map((g) => [g.signature, g.count])).toEqual([[stampGroup.signature, 2]]);
    expect(merged.totals).toMatchObject({ compared: 200, matched: 200, parityPercent: 100 });
    expect(merged.noise[0]).toMatchObject({ exchanges: 61, sampled: 200, excluded: true });
  });

  test('in the merge, a path noisy across the run leaves the signature of the groups it split, and transitions add up', () => {
    // Shard 1 kept `$.brand $.stamp` ($.stamp rarely noisy there); shard 2 saw `$.brand` alone and much noise.
    const brand = (count: number, stamp: boolean): Group => ({
      ...stampGroup,
      signature: `body ${ENDPOINT} $.brand${stamp ? ' $.stamp' : ''}`,
      bodyPaths: stamp ? ['$.brand', '$.stamp'] : ['$.brand'],
      transitions: [{ path: '$.brand', changes: [{ from: 'maestro', to: 'verve', count }] }, ...(stamp ? [{ path: '$.stamp', changes: null }] : [])],
      count,
    });
    const shard = (sampled: number, noisy: number, group: Group) => {
      const a = shardAggregation(sampled, noisy, 0);
      a.groups.set(group.signature, group);
      a.categories.body += group.count;
      a.categories.match -= group.count;
      return a;
    };
    const one = reportOf(shard(100, 1, brand(2, true)), { index: 1, count: 2 });
    const two = reportOf(shard(100, 60, brand(5, false)), { index: 2, count: 2 });
    expect(one.groups.map((g) => g.signature)).toEqual([`body ${ENDPOINT} $.brand $.stamp`]);
    const merged = mergeReports([one, two]);
    expect(merged.groups.map((g) => [g.signature, g.count, g.transitions])).toEqual([[`body ${ENDPOINT} $.brand`, 7, [{ path: '$.brand', changes: [{ from: 'maestro', to: 'verve', count: 7 }] }]]]);
    // The shards' reports are not changed by merging them.
    expect(one.groups[0]?.transitions?.[0]?.changes?.[0]?.count).toBe(2);
  });
});
