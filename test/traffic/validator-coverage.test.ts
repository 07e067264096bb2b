import { beforeAll, describe, expect, test } from 'vitest';
import { generateTraffic } from '../../src/traffic/generate.js';
import { BUSINESS_CODES } from '../../src/validator/error-codes.js';
import { createValidator, MUTATIONS, type MutationName, type PaymentValidator } from '../../src/validator/index.js';
import { answerInProcess } from '../helpers/validate-in-process.js';

const REQUESTS = [...generateTraffic({ count: 10_000, seed: 1 })];

/** What Parity compares by default: the decision, the reason and the set of codes (or the 400 codes). */
function signatures(validator: PaymentValidator): string[] {
  return REQUESTS.map((request) => {
    const reply = answerInProcess(validator, request);
    if (reply.status === 400) return `400 ${[...reply.codes].sort().join(',')}`;
    const { decision, reason_code, errors } = reply.answer;
    return `${decision} ${reason_code} ${errors.map((e) => e.code).sort().join(',')}`;
  });
}

describe('10,000 generated requests through the reference validator', () => {
  const validator = createValidator();
  const decisions = new Map<string, number>();
  const codes = new Map<string, number>();
  const failedRules = new Set<string>();
  const requestCodes = new Set<string>();
  let replayed = 0;
  beforeAll(() => {
    for (const request of REQUESTS) {
      const reply = answerInProcess(validator, request);
      if (reply.status === 400) {
        for (const code of reply.codes) requestCodes.add(code);
        continue;
      }
      if (reply.replayed) replayed++;
      decisions.set(reply.answer.decision, (decisions.get(reply.answer.decision) ?? 0) + 1);
      for (const e of reply.answer.errors) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      for (const [rule, status] of Object.entries(reply.answer.checks)) if (status === 'fail') failedRules.add(rule);
    }
  });

  test('every rule of the pipeline fails at least once', () => {
    const rules = validator.pipeline.rules.map((r) => r.name);
    expect(rules.length).toBeGreaterThan(10);
    expect(rules.filter((r) => !failedRules.has(r))).toEqual([]);
  });

  test('every business code appears at least once', () => {
    expect(Object.keys(BUSINESS_CODES).filter((c) => !codes.has(c))).toEqual([]);
  });

  test('decisions are mostly approvals (60-80%), with declines and reviews', () => {
    const total = [...decisions.values()].reduce((a, b) => a + b, 0);
    const approve = decisions.get('approve') ?? 0;
    const decline = decisions.get('decline') ?? 0;
    const review = decisions.get('review') ?? 0;
    expect(approve + decline + review).toBe(total);
    expect(approve).toBeGreaterThan(decline);
    expect(decline).toBeGreaterThan(review);
    expect(review).toBeGreaterThan(0);
    expect(approve / total).toBeGreaterThanOrEqual(0.6);
    expect(approve / total).toBeLessThanOrEqual(0.8);
  });

  test('malformed requests hit the main request codes, and retries are answered from memory', () => {
    for (const code of ['BODY_MALFORMED_JSON', 'CONTENT_TYPE_UNSUPPORTED', 'FIELD_MISSING', 'FIELD_TYPE', 'FIELD_FORMAT', 'CURRENCY_UNSUPPORTED', 'FIELD_UNKNOWN']) {
      expect(requestCodes).toContain(code);
    }
    expect(replayed).toBeGreaterThan(50);
  });

  test('every mutation of the validator answers some of the requests differently', () => {
    const reference = signatures(createValidator());
    const undetected = (Object.keys(MUTATIONS) as MutationName[]).filter((mutation) => {
      const mutated = signatures(createValidator({ mutation }));
      return mutated.every((s, i) => s === reference[i]);
    });
    expect(undetected).toEqual([]);
  }, 60_000);
});
