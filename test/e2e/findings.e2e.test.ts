import type { Express } from 'express';
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import type { CompareOptions } from '../../src/compare/settings.js';
import { replay } from '../../src/replay/runner.js';
import type { ReportV1 } from '../../src/report/model.js';
import { brandApp, restApp, SCREENING_ORDER, screeningApp } from '../helpers/findings-apps.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

// What a rewrite of a service that is not the validator changes, as Parity must name it: status
// changes graded by what the caller loses, an ordered decision, headers, and groups that say
// which values changed. Each service is recorded through the real proxy and replayed live.

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

async function recordAndReplay(app: (build: 'legacy' | 'candidate') => Express, calls: readonly Call[], compare: CompareOptions): Promise<ReportV1> {
  const legacy = await startServer(app('legacy'));
  const candidate = await startServer(app('candidate'));
  const { recording, out } = await startRecording(legacy.url);
  for (const call of calls) {
    const answer = await request(`${recording.url}${call.path}`, {
      method: call.method,
      ...(call.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(call.body) }),
    });
    await answer.body.dump();
  }
  await recording.stop('signal');
  return replay({ capture: out, candidate: new URL(candidate.url), legacy: 'recorded', compare, order: 'none', partitionKey: 'path:1', concurrency: 4, timeoutMs: 5_000 });
}

const group = (report: ReportV1, signature: string) => report.groups.find((g) => g.signature === signature);

describe('findings on services that are not the validator', () => {
  test('a REST app without a decision: statuses graded and named, query-parser keys one group, headers compared', async () => {
    const get = (path: string): Call => ({ method: 'GET', path });
    const calls = [
      ...[1, 2, 3].map((id) => get(`/items/${id}`)),
      ...[901, 902].map((id) => get(`/items/${id}`)),
      get('/items/abc'),
      ...[3, 25, 7, 12, 40].map((i) => get(`/search?a[${i}]=x`)),
      get('/items/5/export'),
      get('/old-home'),
    ];
    const report = await recordAndReplay(restApp, calls, { decision: null, errorCodes: { paths: [], primary: null } });
    expect(report.categories).toMatchObject({ status: 3, body: 7, match: 3 });

    const serverError = group(report, 'status GET /items/:id 200→500');
    expect(serverError).toMatchObject({ severity: 'high', count: 2, statuses: { legacy: 200, candidate: 500 } });
    expect(serverError?.alsoChanged?.map((a) => a.path).sort()).toEqual(['$.error', '$.id', '$.name']);
    const validation = group(report, 'status GET /items/abc 400→422');
    expect(validation).toMatchObject({ severity: 'medium', count: 1 });
    expect(validation?.examples[0]?.diff).toBe('status 400 → 422');

    // Five distinct indices, one cause: one group.
    const search = report.groups.filter((g) => g.endpoint === 'GET /search');
    expect(search.map((g) => [g.signature, g.count])).toEqual([["body GET /search $.query.a $.query['a[*]']", 5]]);

    // The media type changed: the body comparison names it once (not again as a header).
    expect(group(report, 'body GET /items/:id/export (content-type) text/csv→application/csv')).toMatchObject({ count: 1 });
    // The redirect's target changed (its text body with it).
    expect(group(report, 'body GET /old-home line 1 header location')?.transitions).toContainEqual({ path: 'header location', changes: [{ from: '/start', to: '/home', count: 1 }] });
  }, 60_000);

  test('transfer screening with an ordered decision: loosenings to ALLOW critical, other loosenings high, tightenings medium', async () => {
    const screen = (amount: number, country = 'FR'): Call => ({ method: 'POST', path: '/transfers/screen', body: { amount, country } });
    // 6,000 and 7,000: HOLD → ALLOW. 12,000: BLOCK → HOLD. 100 in SY: ALLOW → BLOCK. 100 in FR agrees.
    const calls = [screen(100), screen(6_000), screen(7_000), screen(12_000), screen(100, 'SY'), screen(30_000), screen(9_000)];
    const report = await recordAndReplay(screeningApp, calls, { decision: '$.screening.outcome', decisionOrder: SCREENING_ORDER, errorCodes: { paths: [], primary: null } });
    const severities = Object.fromEntries(report.groups.map((g) => [g.signature, [g.severity, g.count]]));
    expect(severities).toEqual({
      'decision POST /transfers/screen HOLD→ALLOW': ['critical', 2],
      'decision POST /transfers/screen BLOCK→HOLD': ['high', 1],
      'decision POST /transfers/screen ALLOW→BLOCK': ['medium', 1],
      // 9,000 is HOLD and 30,000 BLOCK for both, under other thresholds.
      'body POST /transfers/screen HOLD→HOLD $.screening.threshold': ['low', 1],
      'body POST /transfers/screen BLOCK→BLOCK $.screening.threshold': ['low', 1],
    });
    expect(group(report, 'decision POST /transfers/screen BLOCK→HOLD')?.alsoChanged).toEqual([{ path: '$.screening.threshold', count: 1 }]);
    expect(report.decisions.find((d) => d.legacy === 'HOLD' && d.candidate === 'ALLOW')?.severity).toBe('critical');
  }, 60_000);

  test('a field of few values names its transitions with counts', async () => {
    const bins = [...Array.from({ length: 6 }, (_, i) => `5061${i}0`), ...Array.from({ length: 9 }, (_, i) => `5012${i}0`), '650001', '411111', '900010', '900020'];
    const report = await recordAndReplay(brandApp, bins.map((bin) => ({ method: 'GET', path: `/cards/${bin}` })), { decision: null, errorCodes: { paths: [], primary: null } });
    expect(report.groups.map((g) => [g.signature, g.count, g.transitions])).toEqual([
      [
        'body GET /cards/:id $.brand',
        17,
        [{ path: '$.brand', changes: [{ from: 'maestro', to: 'naranja', count: 9 }, { from: 'maestro', to: 'verve', count: 6 }, { from: 'null', to: 'troy', count: 2 }] }],
      ],
    ]);
  }, 60_000);
});
