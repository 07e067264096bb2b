import { describe, expect, test } from 'vitest';
import { createComparator, type Verdict } from '../../src/compare/classify.js';
import { buildNormaliser } from '../../src/compare/normalise/registry.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';
import type { Reply } from '../../src/core/exchange.js';

const answer = (body: unknown, status = 200): SideView =>
  new SideView({ kind: 'answer', status, headers: [['content-type', 'application/json']], body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), truncated: false, latencyUs: 100 });
const down: Reply = { kind: 'no-answer', error: 'ECONNREFUSED', latencyUs: 5 };

const validatorAnswer = (overrides: Record<string, unknown> = {}) => ({
  transaction_id: 'tx-1',
  decision: 'approve',
  reason_code: null,
  errors: [] as unknown[],
  risk_score: 10,
  checks: { 'card-number': 'pass' },
  request_id: `req_${Math.random()}`,
  processed_at: new Date(Date.now() + Math.random() * 1e6).toISOString(),
  ...overrides,
});
const decline = (codes: string[], reason = codes[0]) =>
  validatorAnswer({ decision: 'decline', reason_code: reason, errors: codes.map((code) => ({ code, rule: 'r', message: 'm' })) });

function compare(legacy: SideView, candidate: SideView, options: CompareOptions = {}, secondary?: SideView): Verdict {
  const settings = resolveCompare(options);
  return createComparator(settings, settings.normalise.map(buildNormaliser)).compare(legacy, candidate, secondary);
}

const IGNORE_NOISE: CompareOptions = { ignore: { body: ['$.request_id', '$.processed_at'] } };

describe('classification', () => {
  test('the same answer modulo ignored noise is a match', () => {
    expect(compare(answer(validatorAnswer()), answer(validatorAnswer()), IGNORE_NOISE).category).toBe('match');
  });

  test('without ignore rules, the noisy fields are a body difference naming the paths', () => {
    const v = compare(answer(validatorAnswer()), answer(validatorAnswer()));
    expect(v.category).toBe('body');
    expect(v.bodyPaths).toEqual(['$.request_id', '$.processed_at']);
  });

  test('with a secondary and no ignore rules, paths that differ between legacy and secondary are noise', () => {
    const v = compare(answer(validatorAnswer()), answer(validatorAnswer()), {}, answer(validatorAnswer()));
    expect(v.category).toBe('match');
    expect([...v.noisePaths].sort()).toEqual(['$.processed_at', '$.request_id']);
  });

  test('a secondary does not hide a real difference', () => {
    const v = compare(answer(validatorAnswer({ risk_score: 10 })), answer(validatorAnswer({ risk_score: 55 })), {}, answer(validatorAnswer({ risk_score: 10 })));
    expect(v.category).toBe('body');
    expect(v.bodyPaths).toEqual(['$.risk_score']);
  });

  test('a side that did not answer is transport, before anything else', () => {
    expect(compare(answer(validatorAnswer()), new SideView(down)).category).toBe('transport');
    expect(compare(new SideView(down), answer(decline(['X']))).category).toBe('transport');
  });

  test('a decision difference: approving what legacy declined is critical, the reverse high', () => {
    const approveWhatWasDeclined = compare(answer(decline(['INSUFFICIENT_FUNDS'])), answer(validatorAnswer()), IGNORE_NOISE);
    expect(approveWhatWasDeclined).toMatchObject({ category: 'decision', severity: 'critical', codesRemoved: ['INSUFFICIENT_FUNDS'] });
    expect(compare(answer(validatorAnswer()), answer(decline(['X'])), IGNORE_NOISE)).toMatchObject({ category: 'decision', severity: 'high', codesAdded: ['X'] });
  });

  test('error codes compare as a set, and the primary code on its own', () => {
    expect(compare(answer(decline(['A', 'B'], 'A')), answer(decline(['B', 'A'], 'A')), IGNORE_NOISE).category).toBe('match');
    expect(compare(answer(decline(['A', 'B'], 'A')), answer(decline(['A', 'C'], 'A')), IGNORE_NOISE)).toMatchObject({ category: 'error_codes', codesAdded: ['C'], codesRemoved: ['B'] });
    expect(compare(answer(decline(['A', 'B'], 'A')), answer(decline(['A', 'B'], 'B')), IGNORE_NOISE).category).toBe('error_codes');
  });

  test('ordered codes: order matters', () => {
    const options = { ...IGNORE_NOISE, errorCodes: { ordered: true } };
    expect(compare(answer(decline(['A', 'B'], 'A')), answer(decline(['B', 'A'], 'A')), options).category).toBe('error_codes');
  });

  test('a crosswalk compares renamed codes on meaning', () => {
    const options = { ...IGNORE_NOISE, errorCodes: { crosswalk: { '05': 'DO_NOT_HONOR' } } };
    expect(compare(answer(decline(['05'])), answer(decline(['DO_NOT_HONOR'])), options).category).toBe('match');
  });

  test('same decision and codes but another status', () => {
    expect(compare(answer(validatorAnswer(), 200), answer(validatorAnswer(), 201), IGNORE_NOISE).category).toBe('status');
  });

  test('normalisers: unordered arrays and rounded numbers', () => {
    const options: CompareOptions = {
      ...IGNORE_NOISE,
      normalise: [
        { type: 'unordered', path: '$.tags' },
        { type: 'round-numbers', path: '$.fee', digits: 2 },
      ],
    };
    expect(compare(answer(validatorAnswer({ tags: ['a', 'b'], fee: 0.1 + 0.2 })), answer(validatorAnswer({ tags: ['b', 'a'], fee: 0.3 })), options).category).toBe('match');
    expect(compare(answer(validatorAnswer({ fee: 0.3 })), answer(validatorAnswer({ fee: 0.31 })), options).bodyPaths).toEqual(['$.fee']);
  });

  test('another service: its own decision and code paths', () => {
    const options: CompareOptions = { decision: '$.result.status', errorCodes: { paths: ['$.result.problems[*].id'], primary: null } };
    const a = answer({ result: { status: 'ok', problems: [] } });
    const b = answer({ result: { status: 'rejected', problems: [{ id: 'P1' }] } });
    expect(compare(a, b, options)).toMatchObject({ category: 'decision', codesAdded: ['P1'] });
  });

  test('bodies that are not JSON compare as text', () => {
    expect(compare(answer('hello'), answer('hello')).category).toBe('match');
    expect(compare(answer('hello'), answer('world')).category).toBe('body');
  });
});
