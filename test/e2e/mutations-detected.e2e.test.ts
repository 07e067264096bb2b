import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Category } from '../../src/report/model.js';
import type { ReportGroup, ReportV1 } from '../../src/report/model.js';
import { replay } from '../../src/replay/runner.js';
import { MUTATIONS, type MutationName } from '../../src/validator/mutations/index.js';
import { generatedCapture } from '../helpers/generated-capture.js';
import { validatorReplay } from '../helpers/replay-options.js';
import { startValidator } from '../helpers/validator-server.js';

// Every mutation of the reference validator, run as the candidate against one recorded capture of
// generated traffic: Parity must see each one, in the right category, and name it in its groups.

const ENDPOINT = 'POST /v1/payments/validate';
let capture: string;
let remove = () => {};

beforeAll(async () => {
  // Seed 11, 3,000 requests: every mutation changes some answers (checked per mutation below).
  // Account-local traffic, so that `--order key` by account replays it exactly and any mismatch
  // is the mutation's (the clean run below proves it).
  ({ path: capture, remove } = await generatedCapture(3_000, 11));
}, 60_000);
afterAll(() => remove());

async function replayAgainst(mutation?: MutationName): Promise<ReportV1> {
  const candidate = await startValidator(mutation ? { mutation } : {});
  return replay(validatorReplay(capture, candidate.url));
}

/** The group a mutation causes directly: what it changes, whatever else follows from it. */
interface Direct {
  readonly category: Exclude<Category, 'match'>;
  readonly severity: ReportGroup['severity'];
  readonly legacyDecision: string;
  readonly candidateDecision: string;
  readonly added?: string;
  readonly removed?: string;
}

interface Expectation {
  /** The category of the worst group (severity, then count). */
  readonly topCategory: Exclude<Category, 'match'>;
  /** The direct group is the top group (when no knock-on effect can outrank it). */
  readonly directIsTop: boolean;
  readonly direct: Direct;
  /** What only this mutation shows. */
  readonly also?: (report: ReportV1) => void;
}

const approveToDecline = (added: string): Direct => ({ category: 'decision', severity: 'high', legacyDecision: 'approve', candidateDecision: 'decline', added });

const EXPECTED = {
  // `>=` at the per-transaction maximum: an amount at the maximum is declined. The freed daily
  // limit lets later payments through (critical knock-ons can outrank it).
  'limit-boundary-exclusive': { topCategory: 'decision', directIsTop: false, direct: approveToDecline('LIMIT_PER_TRANSACTION_EXCEEDED') },
  // Two decimals for JPY: its 50-yen minimum becomes 5,000 yen, so ordinary yen payments decline.
  'minor-units-two-decimals': { topCategory: 'decision', directIsTop: false, direct: approveToDecline('AMOUNT_BELOW_MINIMUM') },
  // Only the reason code changes (the decision and the set of codes do not): error_codes, primary.
  'code-precedence-swapped': {
    topCategory: 'error_codes',
    directIsTop: true,
    direct: { category: 'error_codes', severity: 'medium', legacyDecision: 'decline', candidateDecision: 'decline' },
    also: (report) => {
      expect(report.categories.decision).toBe(0);
      expect(report.totals.mismatched).toBe(report.categories.error_codes);
      for (const g of report.groups) {
        expect(g).toMatchObject({ codesAdded: [], codesRemoved: [] });
        expect(g.signature).toContain('primary LIMIT_DAILY_EXCEEDED→INSUFFICIENT_FUNDS');
      }
    },
  },
  // Blocked categories are approved: money leaves that should not.
  'merchant-category-dropped': {
    topCategory: 'decision',
    directIsTop: true,
    direct: { category: 'decision', severity: 'critical', legacyDecision: 'decline', candidateDecision: 'approve', removed: 'MERCHANT_CATEGORY_BLOCKED' },
    // The rule is gone from every answer's `checks` too: body differences everywhere else.
    also: (report) => {
      const body = report.groups.filter((g) => g.category === 'body');
      expect(body.length).toBeGreaterThan(0);
      expect(body.filter((g) => !g.bodyPaths.includes('$.checks.merchant-category'))).toEqual([]);
    },
  },
  // Daily totals per local day: some payments near midnight are declined, others approved.
  'daily-limit-local-time': { topCategory: 'decision', directIsTop: false, direct: { category: 'decision', severity: 'critical', legacyDecision: 'decline', candidateDecision: 'approve', removed: 'LIMIT_DAILY_EXCEEDED' } },
  // "mrc-0007" no longer finds "MRC-0007".
  'merchant-id-case-sensitive': { topCategory: 'decision', directIsTop: false, direct: approveToDecline('MERCHANT_UNKNOWN') },
  // A minute too long a window: more card uses counted, more declines.
  'velocity-window-off-by-one': { topCategory: 'decision', directIsTop: false, direct: approveToDecline('VELOCITY_CARD_EXCEEDED') },
  // No hold on approval: the next payments see the full balance and are approved.
  'hold-not-placed': {
    topCategory: 'decision',
    directIsTop: true,
    direct: { category: 'decision', severity: 'critical', legacyDecision: 'decline', candidateDecision: 'approve', removed: 'INSUFFICIENT_FUNDS' },
  },
  // Cards expiring this month are refused a month early.
  'expiry-start-of-month': {
    topCategory: 'decision',
    directIsTop: false,
    direct: approveToDecline('CARD_EXPIRED'),
    // Knock-ons (freed limits) can outrank it by severity, but they are far fewer.
    also: (report) => expect([...report.groups].sort((a, b) => b.count - a.count)[0]?.signature).toBe(`decision ${ENDPOINT} approve→decline +CARD_EXPIRED`),
  },
  // A score exactly at the threshold is approved instead of reviewed.
  'risk-threshold-exclusive': {
    topCategory: 'decision',
    directIsTop: true,
    direct: { category: 'decision', severity: 'critical', legacyDecision: 'review', candidateDecision: 'approve', removed: 'RISK_REVIEW' },
  },
} as const satisfies Record<MutationName, Expectation>;

function isDirect(g: ReportGroup, d: Direct): boolean {
  return (
    g.category === d.category &&
    g.severity === d.severity &&
    g.endpoint === ENDPOINT &&
    g.legacyDecision === d.legacyDecision &&
    g.candidateDecision === d.candidateDecision &&
    (d.added === undefined || g.codesAdded.includes(d.added)) &&
    (d.removed === undefined || g.codesRemoved.includes(d.removed))
  );
}

const summary = (r: ReportV1) => r.groups.map((g) => `${g.count} [${g.severity}] ${g.signature}`);

describe('every validator mutation is detected by parity replay', () => {
  test('the expectations cover every mutation', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  test('the clean validator matches every exchange, so each mismatch below is the mutation’s', async () => {
    const report = await replayAgainst();
    expect(report.totals.compared).toBe(3_000);
    expect(summary(report)).toEqual([]);
    expect(report.totals.parityPercent).toBe(100);
  });

  test.each(Object.entries(EXPECTED) as [MutationName, Expectation][])('%s', async (mutation, expected) => {
    const report = await replayAgainst(mutation);
    expect(report.totals.compared).toBe(3_000);
    expect(report.totals.mismatched).toBeGreaterThan(0);
    // Answers still come, with the same HTTP status: a logic bug is never transport or status.
    expect(report.categories.transport).toBe(0);
    expect(report.categories.status).toBe(0);
    expect(report.categories[expected.direct.category]).toBeGreaterThan(0);

    const top = report.groups[0]!;
    expect(top.category, summary(report).join('\n')).toBe(expected.topCategory);
    const direct = report.groups.find((g) => isDirect(g, expected.direct));
    expect(direct, `no group like ${JSON.stringify(expected.direct)} in\n${summary(report).join('\n')}`).toBeDefined();
    if (expected.directIsTop) expect(isDirect(top, expected.direct), summary(report).join('\n')).toBe(true);
    expect(direct!.examples.length).toBeGreaterThan(0);
    const code = expected.direct.added ?? expected.direct.removed;
    if (code) expect(direct!.examples[0]!.diff).toContain(code);
    expected.also?.(report);
  });
});
