import { beforeAll, describe, expect, test } from 'vitest';
import type { AllowList } from '../../src/gate/allow-list.js';
import { evaluateGate } from '../../src/gate/evaluate.js';
import { DEFAULT_LIMITS } from '../../src/gate/limits.js';
import type { AllowListEntry, GateOutcome, PolicyResult } from '../../src/gate/outcome.js';
import type { ReportV1 } from '../../src/report/model.js';
import { sampleReport } from '../helpers/sample-report.js';
import { sampleBenchReport } from '../helpers/bench-report.js';
import type { BenchReportV1 } from '../../src/bench/model.js';

const TODAY = new Date('2026-11-23T12:00:00Z');
let report: ReportV1;
let decisionSignature: string;

beforeAll(async () => {
  // merchant-category-dropped: false approvals (critical decision group) and body groups.
  report = await sampleReport();
  decisionSignature = report.groups.find((g) => g.category === 'decision')?.signature ?? '';
}, 60_000);

const policy = (outcome: GateOutcome, name: string): PolicyResult => {
  const found = outcome.policies.find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
const failedNames = (outcome: GateOutcome) => outcome.policies.filter((p) => !p.passed).map((p) => p.name);
const entry = (signature: string, expires = '2026-12-31'): AllowListEntry => ({ signature, owner: 'payments-team', reason: 'known', expires });
const allow = (...entries: AllowListEntry[]): AllowList => ({ allow: entries });

describe('evaluateGate', () => {
  test('a report with false approvals fails the critical, decision and parity policies, with by how much', () => {
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(), TODAY);
    expect(outcome.passed).toBe(false);
    expect(failedNames(outcome)).toEqual(['max-critical', 'max-decision-mismatches', 'min-parity']);
    const critical = report.decisions.filter((d) => d.severity === 'critical').reduce((s, d) => s + d.count, 0);
    expect(critical).toBeGreaterThan(0);
    expect(policy(outcome, 'max-critical')).toMatchObject({ actual: critical, limit: 0 });
    expect(policy(outcome, 'max-decision-mismatches')).toMatchObject({ actual: report.categories.decision });
    expect(policy(outcome, 'max-decision-mismatches').detail).toContain(`${report.categories.decision} over`);
    expect(policy(outcome, 'min-parity')).toMatchObject({ actual: report.totals.parityPercent, limit: 100 });
    expect(policy(outcome, 'min-parity').detail).toMatch(/points short/);
  });

  test('limits loose enough pass every policy', () => {
    const limits = { ...DEFAULT_LIMITS, maxCritical: 1_000, maxDecisionMismatches: 1_000, minParity: 0, maxP99Ratio: 1_000 };
    const outcome = evaluateGate(report, limits, allow(), TODAY);
    expect(failedNames(outcome)).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  test('an allowed group no longer counts as a decision mismatch, but a false approval still fails max-critical', () => {
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(entry(decisionSignature)), TODAY);
    expect(policy(outcome, 'max-decision-mismatches')).toMatchObject({ passed: true, actual: 0 });
    expect(policy(outcome, 'max-decision-mismatches').detail).toContain('allowed by the allow-list');
    expect(policy(outcome, 'max-critical').passed).toBe(false);
    expect(outcome.allowList.allowed).toEqual([{ signature: decisionSignature, count: report.categories.decision, entry: entry(decisionSignature) }]);
  });

  test('allowed groups count as matches for min-parity; a prefix entry allows every group it starts', () => {
    const entries = [{ ...entry('decision POST /v1/payments/validate'), match: 'prefix' as const }, { ...entry('body POST /v1/payments/validate'), match: 'prefix' as const }];
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(...entries), TODAY);
    expect(outcome.allowList.allowed).toHaveLength(report.groups.length);
    expect(policy(outcome, 'min-parity')).toMatchObject({ passed: true, actual: 100 });
  });

  test('matching is exact by default: a * in an entry is a literal star, as in signatures ($.errors[*].code)', () => {
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(entry('decision POST /v1/payments/validate *')), TODAY);
    expect(outcome.allowList.allowed).toEqual([]);
    expect(outcome.allowList.stale).toHaveLength(1);
  });

  test('an entry whose groups an earlier entry already allowed is stale too', () => {
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(entry(decisionSignature), { ...entry('decision'), match: 'prefix' }), TODAY);
    expect(outcome.allowList.allowed).toHaveLength(1);
    expect(outcome.allowList.stale.map((e) => e.signature)).toEqual(['decision']);
  });

  test('an expired entry allows nothing and fails the gate; the expiry day itself still allows', () => {
    const expired = evaluateGate(report, DEFAULT_LIMITS, allow(entry(decisionSignature, '2026-11-22')), TODAY);
    expect(expired.allowList.expired).toEqual([entry(decisionSignature, '2026-11-22')]);
    expect(expired.allowList.allowed).toEqual([]);
    expect(policy(expired, 'allow-list')).toMatchObject({ passed: false });
    expect(policy(expired, 'allow-list').detail).toContain('expired 2026-11-22');
    expect(policy(expired, 'max-decision-mismatches').passed).toBe(false);

    const lastDay = evaluateGate(report, DEFAULT_LIMITS, allow(entry(decisionSignature, '2026-11-23')), TODAY);
    expect(lastDay.allowList.expired).toEqual([]);
    expect(policy(lastDay, 'max-decision-mismatches').passed).toBe(true);
  });

  test('an entry that matches no group is stale: reported, not a failure', () => {
    const outcome = evaluateGate(report, DEFAULT_LIMITS, allow(entry('decision POST /v1/refunds approve→decline')), TODAY);
    expect(outcome.allowList.stale).toEqual([entry('decision POST /v1/refunds approve→decline')]);
    expect(policy(outcome, 'allow-list')).toMatchObject({ passed: true });
    expect(policy(outcome, 'allow-list').detail).toContain('1 stale');
  });

  test('max-p99-ratio reads a bench: fails only when the lower bound of the interval is past the limit, and says by how much', () => {
    const bench = sampleBenchReport();
    const withP99 = (ratio: number, interval: readonly [number, number] | null): BenchReportV1 => {
      const p99 = { ...bench.performance.scorecard.latency.p99, ratio, interval };
      return { ...bench, performance: { ...bench.performance, scorecard: { ...bench.performance.scorecard, latency: { ...bench.performance.scorecard.latency, p99 } } } };
    };
    const over = evaluateGate(withP99(1.32, [1.21, 1.45]), DEFAULT_LIMITS, allow(), TODAY);
    expect(policy(over, 'max-p99-ratio')).toMatchObject({ passed: false, actual: 1.32, limit: 1.1 });
    expect(policy(over, 'max-p99-ratio').detail).toBe("candidate p99 is 1.320× legacy's (95% interval 1.210×–1.450×), limit 1.10×: even the lower bound is 10.0% over");
    // The p99 that failed 2 of 4 identical candidates: 1.105 with an interval reaching below the limit.
    const straddling = policy(evaluateGate(withP99(1.105, [0.97, 1.26]), DEFAULT_LIMITS, allow(), TODAY), 'max-p99-ratio');
    expect(straddling).toMatchObject({ passed: true, actual: 1.105 });
    expect(straddling.detail).toContain('1.105×');
    expect(straddling.detail).toContain('the difference is not established');
    // A bench report is held to the performance policies only.
    expect(over.policies.map((p) => p.name)).toEqual(['trusted-bench', 'max-p99-ratio']);
  });

  test('a replay report without a bench: latency is not a verdict (not measured), whatever its own timings', () => {
    const live: ReportV1 = { ...report, latency: { ...report.latency, legacySource: 'live', ratio: { p50: 1, p99: 6.2 } } };
    const outcome = evaluateGate(live, DEFAULT_LIMITS, allow(), TODAY);
    expect(policy(outcome, 'max-p99-ratio')).toMatchObject({ passed: true, actual: null, detail: expect.stringContaining('not measured: no performance figures') });
    expect(policy(outcome, 'trusted-bench')).toMatchObject({ passed: true, actual: null });
    // With a bench's section attached (as the demo does), its figures are gated.
    const untrusted = sampleBenchReport({ untrusted: true }).performance;
    const gated = evaluateGate({ ...report, performance: untrusted }, DEFAULT_LIMITS, allow(), TODAY);
    expect(policy(gated, 'trusted-bench')).toMatchObject({ passed: false, detail: expect.stringContaining('the figures cannot be trusted') });
  });

  test('an interrupted or empty run fails complete-run, whatever its counts', () => {
    const interrupted: ReportV1 = { ...report, run: { ...report.run, interrupted: true } };
    expect(policy(evaluateGate(interrupted, DEFAULT_LIMITS, allow(), TODAY), 'complete-run')).toMatchObject({ passed: false, detail: expect.stringContaining('the run covers 400 exchanges, interrupted') });
    const empty: ReportV1 = { ...report, totals: { ...report.totals, compared: 0 } };
    expect(policy(evaluateGate(empty, DEFAULT_LIMITS, allow(), TODAY), 'complete-run').passed).toBe(false);
    expect(policy(evaluateGate(report, DEFAULT_LIMITS, allow(), TODAY), 'complete-run').passed).toBe(true);
  });

  test('transport failures and error-code mismatches are counted by their own policies', () => {
    const broken: ReportV1 = { ...report, categories: { ...report.categories, transport: 4, error_codes: 2 } };
    const outcome = evaluateGate(broken, DEFAULT_LIMITS, allow(), TODAY);
    expect(policy(outcome, 'max-transport')).toMatchObject({ passed: false, actual: 4 });
    expect(policy(outcome, 'max-error-code-mismatches')).toMatchObject({ passed: false, actual: 2 });
  });
});
