import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { mergeReports } from '../../src/report/merge.js';
import type { ReportGroup, ReportV1 } from '../../src/report/model.js';
import { readReport } from '../../src/report/read.js';
import { resolveReplaySettings } from '../../src/replay/replay-options.js';
import { replay, type ReplayOptions } from '../../src/replay/runner.js';
import { runParity } from '../helpers/cli.js';
import { generatedCapture } from '../helpers/generated-capture.js';
import { tmpDir } from '../helpers/tmp.js';
import { listenForSuite } from '../helpers/validator-server.js';

const COUNT = 1_000;
let capture: string;
let remove = () => {};
let closeServers: () => Promise<unknown> = async () => undefined;
let whole: ReportV1;
let shards: ReportV1[];

/**
 * A live legacy, a secondary and no ignore rules (so noise is found and excluded per endpoint),
 * and a candidate with a real bug (so there are groups with examples): every part of a report
 * that a merge has to rebuild is exercised.
 */
beforeAll(async () => {
  ({ path: capture, remove } = await generatedCapture(COUNT, 31));
  const [legacy, secondary, candidate] = await Promise.all([listenForSuite(), listenForSuite(), listenForSuite({ mutation: 'hold-not-placed' })]);
  closeServers = () => Promise.all([legacy.close(), secondary.close(), candidate.close()]);
  const options = (overrides: Partial<ReplayOptions> = {}): ReplayOptions => ({
    capture,
    ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate: candidate.url, legacy: legacy.url, secondary: secondary.url, concurrency: 16, reset: true } }]),
    ...overrides,
  });
  whole = await replay(options());
  shards = [];
  for (const index of [1, 2, 3]) shards.push(await replay(options({ shard: { index, count: 3 } })));
}, 120_000);
afterAll(async () => {
  await closeServers();
  remove();
});

/**
 * `processed_at` is the wall clock at millisecond resolution: whether legacy and secondary disagree
 * on it depends on timing, so how often it was noisy differs from run to run (checked separately).
 */
const TIMING_NOISE = '$.processed_at';

/** What a comparison found, without what differs from run to run (timings, random ids in example bodies). */
function findings(r: ReportV1) {
  const group = (g: ReportGroup) => ({ ...g, examples: g.examples.map((e) => e.seq) });
  return {
    totals: r.totals,
    categories: r.categories,
    endpoints: r.endpoints,
    decisions: r.decisions,
    groups: r.groups.map(group),
    ungroupedMismatches: r.ungroupedMismatches,
    noise: r.noise.map((n) => (n.path === TIMING_NOISE ? { ...n, exchanges: 'timing', share: 'timing' } : n)),
    noiseGroups: r.noiseGroups.map(group),
    latencyCounts: [r.latency.legacy.count, r.latency.candidate.count],
  };
}

describe('parity report merge', () => {
  test('the shards of a run merge into what the whole run found', () => {
    // The setup is meaningful: a real bug found, and noise found and excluded.
    expect(whole.groups.length).toBeGreaterThan(0);
    expect(whole.noise.some((n) => n.excluded)).toBe(true);
    for (const s of shards) expect(s.totals.compared).toBeLessThan(COUNT);

    const merged = mergeReports(shards);
    expect(findings(merged)).toEqual(findings(whole));
    expect(merged.run).toMatchObject({ shard: null, mergedShards: 3, order: 'key', partitionKey: '$.account_id' });
    expect(merged.settings).toEqual(whole.settings);
    // Timing noise is counted: the merged count is the shards' sum.
    const timingNoise = (r: ReportV1) => r.noise.find((n) => n.path === TIMING_NOISE)?.exchanges ?? 0;
    expect(timingNoise(merged)).toBe(shards.reduce((sum, s) => sum + timingNoise(s), 0));
    // The order the shards are given in does not matter.
    expect(findings(mergeReports([...shards].reverse()))).toEqual(findings(merged));
  });

  test('refuses what is not the shards of one run', () => {
    const [one, two, three] = shards as [ReportV1, ReportV1, ReportV1];
    const refusal = (reports: ReportV1[]) => {
      try {
        mergeReports(reports);
      } catch (error) {
        expect(error).toBeInstanceOf(ParityError);
        expect((error as ParityError).code).toBe('REPORT_MERGE_MISMATCH');
        return (error as Error).message;
      }
      throw new Error('merged');
    };
    expect(refusal([one])).toMatch(/at least two shards/);
    expect(refusal([one, two])).toMatch(/shard 3\/3 missing/);
    expect(refusal([one, one, two, three])).toMatch(/shard 1\/3 is given twice/);
    expect(refusal([one, two, three, whole])).toMatch(/whole run .* is not a shard/);
    expect(refusal([one, two, { ...three, run: { ...three.run, capture: { ...three.run.capture, sha256: 'f'.repeat(64) } } }])).toMatch(/another capture/);
    expect(refusal([one, two, { ...three, settings: { ...three.settings, timeoutMs: 1 } }])).toMatch(/other settings/);
    expect(refusal([one, two, { ...three, run: { ...three.run, shard: { index: 3, count: 4 } } }])).toMatch(/split in 4/);
  });

  test('the CLI writes the merged report; a missing or foreign file is exit 2 with the file named', async () => {
    const dir = tmpDir();
    const files = shards.map((s, i) => {
      const file = join(dir, `shard-${i + 1}.json`);
      writeFileSync(file, JSON.stringify(s));
      return file;
    });
    const out = join(dir, 'merged');
    const ok = await runParity(['report', 'merge', ...files, '--out', out]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/merged +from 3 shards/);
    expect(findings(readReport(join(out, 'report.json')))).toEqual(findings(whole));
    // A directory gets the renderings too; a .json path gets the report alone.
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    const single = join(dir, 'single', 'merged.json');
    expect((await runParity(['report', 'merge', ...files, '--out', single])).code).toBe(0);
    expect(readdirSync(join(dir, 'single'))).toEqual(['merged.json']);
    expect(findings(readReport(single))).toEqual(findings(whole));

    const missing = await runParity(['report', 'merge', files[0]!, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`report not found: ${join(dir, 'nope.json')}`);

    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello": "world"}');
    const notReport = await runParity(['report', 'merge', files[0]!, foreign]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain('is not a Parity report');

    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{"reportVersion": 1, "run": ');
    expect((await runParity(['report', 'merge', files[0]!, garbled])).stderr).toContain('is not JSON');

    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...shards[0], reportVersion: 2 }));
    expect((await runParity(['report', 'merge', files[0]!, newer])).stderr).toContain('report version 2');

    const short = await runParity(['report', 'merge', files[0]!]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least two shards/);
  });
});
