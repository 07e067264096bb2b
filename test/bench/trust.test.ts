import { describe, expect, test } from 'vitest';
import type { BenchWindow } from '../../src/bench/model.js';
import { judgeTrust } from '../../src/bench/trust.js';
import { SETTINGS, syntheticBench, window } from './synthetic-windows.js';

const healthy = syntheticBench({ seed: 4, pairs: 3, perWindow: 200 });

/** The same bench with one window changed. */
function withWindow(index: number, change: (w: BenchWindow) => BenchWindow): BenchWindow[] {
  return healthy.map((w, i) => (i === index ? change(w) : w));
}

function harness(w: BenchWindow, h: Partial<BenchWindow['load']['harness']>): BenchWindow {
  return { ...w, load: { ...w.load, harness: { ...w.load.harness, ...h } } };
}

describe('judgeTrust', () => {
  test('a healthy harness over 3 pairs: trusted, with the worst window of each measure', () => {
    const worst = withWindow(2, (w) => harness(w, { eventLoopDelayP99Us: 2_500, cpuShare: 0.6 }));
    const trust = judgeTrust(worst, SETTINGS);
    expect(trust).toMatchObject({ trusted: true, reasons: [] });
    expect(trust.harness).toMatchObject({ eventLoopDelayP99Us: 2_500, cpuShare: 0.6 });
  });

  test('late sends over 1%: untrusted, naming the window and the share', () => {
    const trust = judgeTrust(withWindow(3, (w) => harness(w, { lateShare: 0.04, maxLateUs: 35_000 })), SETTINGS);
    expect(trust.trusted).toBe(false);
    expect(trust.reasons).toHaveLength(1);
    expect(trust.reasons[0]).toMatch(/^4% of sends went out more than 1 ms late in legacy's window 2, up to 35 ms/);
    expect(trust.reasons[0]).not.toMatch(/CAP_SYS_NICE/);
  });

  test('late sends from a harness that could not raise its priority: the reason says how to let it', () => {
    const trust = judgeTrust(withWindow(3, (w) => harness(w, { lateShare: 0.04, raisedPriority: false })), SETTINGS);
    expect(trust.reasons[0]).toMatch(/Its threads ran at a normal priority: with CAP_SYS_NICE \(as root, or `setcap cap_sys_nice\+ep` on node\)/);
    expect(trust.harness.raisedPriority).toBe(false);
  });

  test('late sends mean nothing in a closed loop', () => {
    expect(judgeTrust(withWindow(3, (w) => harness(w, { lateShare: 0.04 })), { ...SETTINGS, pace: { kind: 'saturate' } }).trusted).toBe(true);
  });

  test("the harness's event-loop lag and CPU: one reason each", () => {
    const trust = judgeTrust(withWindow(0, (w) => harness(w, { eventLoopDelayP99Us: 12_000, cpuShare: 0.97 })), SETTINGS);
    expect(trust.reasons).toHaveLength(2);
    expect(trust.reasons[0]).toMatch(/event loop lagged \(p99 12 ms in legacy's window 1\)/);
    expect(trust.reasons[1]).toMatch(/used 97% of a core in legacy's window 1: it may have been the bottleneck/);
  });

  test('a side not offered the rate (the harness sent under 95% of its schedule)', () => {
    const trust = judgeTrust(withWindow(1, (w) => ({ ...w, load: { ...w.load, scheduled: 1_000, sent: 800 } })), SETTINGS);
    expect(trust.reasons).toEqual([expect.stringMatching(/^The harness sent only 80% of the requests scheduled in candidate's window 1 \(200 req\/s achieved of 1000 req\/s offered\)/)]);
  });

  test('a side that answered slowly but was sent everything is a finding, not a trust problem', () => {
    const trust = judgeTrust(withWindow(1, (w) => ({ ...w, load: { ...w.load, scheduled: 1_000, sent: 1_000, completed: 700, errors: 300 } })), SETTINGS);
    expect(trust.trusted).toBe(true);
  });

  test('fewer than 2 pairs, and a window with nothing completed', () => {
    const windows = [healthy[0], window({ side: 'candidate', pair: 0, latencies: [], sent: 50, errors: 50 })].filter((w) => w !== undefined);
    const trust = judgeTrust(windows, SETTINGS);
    expect(trust.trusted).toBe(false);
    expect(trust.reasons).toEqual([
      expect.stringMatching(/^Only 1 pair of windows was measured: no ratio has a confidence interval/),
      "Candidate's window 1 completed no request (50 sent, 50 failed): the side was down or unreachable.",
    ]);
  });
});
