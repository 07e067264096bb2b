import { describe, expect, test } from 'vitest';
import { createComparator, severityOf, type Verdict } from '../../src/compare/classify.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';

const answer = (body: unknown, status = 200): SideView =>
  new SideView({ kind: 'answer', status, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(body)), truncated: false, latencyUs: 100 });

function compare(legacy: SideView, candidate: SideView, options: CompareOptions): Verdict {
  return createComparator(resolveCompare(options), []).compare(legacy, candidate);
}

const SCREENING: CompareOptions = { decision: '$.screening.outcome', decisionOrder: ['ALLOW', 'HOLD', 'BLOCK'], errorCodes: { paths: [], primary: null } };
const outcome = (o: string) => answer({ screening: { outcome: o } });

describe('a decision order makes every change a loosening or a tightening', () => {
  test.each([
    ['BLOCK', 'ALLOW', 'critical'],
    ['HOLD', 'ALLOW', 'critical'],
    ['BLOCK', 'HOLD', 'high'],
    ['ALLOW', 'HOLD', 'medium'],
    ['ALLOW', 'BLOCK', 'medium'],
    ['HOLD', 'BLOCK', 'medium'],
  ])('%s → %s is %s', (from, to, severity) => {
    expect(compare(outcome(from), outcome(to), SCREENING)).toMatchObject({ category: 'decision', severity });
  });

  test('values outside the order fall back to approveValues, which keep working without an order', () => {
    const policy = resolveCompare({ decisionOrder: ['ALLOW', 'HOLD', 'BLOCK'], approveValues: ['OK'] });
    expect(severityOf('decision', 'REVIEW', 'OK', policy)).toBe('critical');
    expect(severityOf('decision', 'HOLD', 'UNKNOWN', policy)).toBe('medium');
    const plain = resolveCompare({ approveValues: ['ALLOW'] });
    expect(severityOf('decision', 'HOLD', 'ALLOW', plain)).toBe('critical');
    expect(severityOf('decision', 'ALLOW', 'BLOCK', plain)).toBe('high');
    expect(severityOf('decision', 'BLOCK', 'HOLD', plain)).toBe('medium');
  });
});

describe('without a decision, a status change is graded by what the caller loses', () => {
  const REST: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };
  test('a success that became a server error is high, a success that became 2xx another medium', () => {
    expect(compare(answer({ id: 1 }, 200), answer({ error: 'boom' }, 500), REST)).toMatchObject({ category: 'status', severity: 'high', statuses: { legacy: 200, candidate: 500 } });
    expect(compare(answer({ id: 1 }, 202), answer({ id: 1 }, 200), REST)).toMatchObject({ category: 'status', severity: 'medium' });
  });

  test('a success that became a client error is high: a request that worked is now refused', () => {
    expect(compare(answer({ id: 1 }, 200), answer({ error: 'bad' }, 400), REST)).toMatchObject({ category: 'status', severity: 'high' });
  });

  test('a client error that changed its status, or became a success, stays medium', () => {
    expect(compare(answer({ error: 'x' }, 400), answer({ error: 'x' }, 422), REST)).toMatchObject({ category: 'status', severity: 'medium' });
    expect(compare(answer({ error: 'x' }, 404), answer({ id: 1 }, 200), REST)).toMatchObject({ category: 'status', severity: 'medium' });
  });
});
