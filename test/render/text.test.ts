import { beforeAll, describe, expect, test } from 'vitest';
import type { GateOutcome } from '../../src/gate/outcome.js';
import type { ReportV1 } from '../../src/report/model.js';
import { formatCount, formatLatency } from '../../src/render/format.js';
import { textRenderer } from '../../src/render/text.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';

let report: ReportV1;
let text: string;

beforeAll(async () => {
  report = await sampleReport();
  text = textRenderer.render(report, { reportPath: 'reports/run/report.json' });
}, 60_000);

const FAILED_GATE: GateOutcome = {
  passed: false,
  policies: [
    { name: 'max-decision-mismatches', passed: false, actual: 7, limit: 0, detail: '7 decision mismatches, at most 0 allowed' },
    { name: 'min-parity-percent', passed: false, actual: 97.5, limit: 99.5, detail: 'parity 97.5% < 99.5%' },
    { name: 'max-latency-p99-ratio', passed: true, actual: 1.1, limit: 1.2, detail: 'p99 ratio 1.1 ≤ 1.2' },
  ],
  allowList: { allowed: [], expired: [{ signature: 'body *', owner: 'team-core', reason: 'stamps', expires: '2020-01-01' }], stale: [] },
};

describe('textRenderer', () => {
  test('is the terminal summary: text, written to no file', () => {
    expect(textRenderer.format).toBe('text');
    expect(textRenderer.fileName).toBeNull();
  });

  test('gives the verdict, categories, top groups, latency and where the report is', () => {
    const lines = text.trimEnd().split('\n');
    const t = report.totals;
    expect(lines[0]).toBe(`MISMATCHES: ${t.parityPercent}% of ${formatCount(t.compared)} exchanges match (${formatCount(t.mismatched)} differ)`);
    const c = report.categories;
    expect(lines).toContain(`by category  transport ${c.transport} · decision ${c.decision} · error_codes ${c.error_codes} · status ${c.status} · body ${c.body}`);
    const top = lines.indexOf('top groups');
    expect(top).toBeGreaterThan(0);
    for (const [i, g] of report.groups.slice(0, 5).entries()) expect(lines[top + 1 + i]).toMatch(new RegExp(`^ +${formatCount(g.count)}  \\[${g.severity}\\] `));
    const { legacy, candidate } = report.latency;
    expect(text).toContain(`replay times legacy (recorded) p50 ${formatLatency(legacy.p50)} p99 ${formatLatency(legacy.p99)} · candidate p50 ${formatLatency(candidate.p50)} p99 ${formatLatency(candidate.p99)} (the replay's own queueing included; parity bench measures performance)`);
    expect(text).not.toMatch(/^latency /m);
    expect(lines.at(-1)).toBe('report       reports/run/report.json');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toMatch(/^gate/m);
  });

  test('a report without differences says PARITY, and no report line without a path', () => {
    const clean: ReportV1 = { ...report, groups: [], totals: { ...report.totals, matched: report.totals.compared, mismatched: 0, parityPercent: 100 } };
    const out = textRenderer.render(clean, {});
    expect(out).toMatch(/^PARITY: 100% of [\d,]+ exchanges match \(0 differ\)\n/);
    expect(out).not.toContain('top groups');
    expect(out).not.toContain('report       ');
  });

  test('a run stopped on an unreachable side says which, where and why; a snapshot of a capture being written says so', () => {
    const stopped: ReportV1 = {
      ...report,
      run: { ...report.run, interrupted: true, unreachable: { side: 'candidate', url: 'http://127.0.0.1:9/', consecutiveFailures: 50, lastError: 'ECONNREFUSED' }, capture: { ...report.run.capture, beingWritten: true } },
    };
    const out = textRenderer.render(stopped, {});
    expect(out).toMatch(/^(PARITY|MISMATCHES): .* — partial\n/);
    expect(out).toContain('partial run  stopped early: the candidate at http://127.0.0.1:9/ failed 50 requests in a row (last: ECONNREFUSED)\n');
    expect(out).toContain('note         the capture was still being written');
    expect(textRenderer.render(report, {})).not.toMatch(/partial|still being written/);
  });

  test('a failed gate lists the failed policies by measure and limit, and expired allow-list entries', () => {
    const lines = textRenderer.render(report, { gate: FAILED_GATE }).split('\n');
    expect(lines[1]).toBe('gate         FAILED: max-decision-mismatches (7 > 0), min-parity-percent (97.5 < 99.5)');
    expect(lines[2]).toBe('allow-list   expired (allow nothing): body * (2020-01-01)');
  });

  test('a passed gate is one line', () => {
    const gate: GateOutcome = { passed: true, policies: [{ name: 'max-decision-mismatches', passed: true, actual: 0, limit: 0, detail: '0 ≤ 0' }], allowList: { allowed: [], expired: [], stale: [] } };
    const lines = textRenderer.render(report, { gate }).split('\n');
    expect(lines[1]).toBe('gate         passed');
    expect(lines[2]).toMatch(/^by category/);
  });

  test('terminal control sequences from captured traffic are shown, not obeyed', () => {
    const [first, ...rest] = report.groups;
    if (!first) throw new Error('sample report without a group');
    const out = textRenderer.render({ ...report, groups: [{ ...first, signature: `evil \u001b]0;owned\u0007\u001b[2J\r\nnext` }, ...rest] }, {});
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain('evil \\u001b]0;owned\\u0007\\u001b[2J next');
    // Text terminals do not interpret markup: the hostile signature is printed as it is.
    expect(text).toContain(HOSTILE);
  });

  test('the noise line names each excluded path once, with its endpoint or how many endpoints exclude it', () => {
    const entry = (endpoint: string, path: string, excluded = true) => ({ endpoint, path, exchanges: 9, sampled: 10, share: 0.9, excluded });
    const noise = [
      entry('POST /users/:id/books', '$.createdAt'),
      entry('GET /users/:id/books', '$.books[*].createdAt'),
      entry('GET /users/:id/books/:id', '$.createdAt'),
      entry('PATCH /users/:id/books/:id', '$.createdAt'),
      entry('GET /users/:id', '$.seen', false),
    ];
    const lines = textRenderer.render({ ...report, noise }, {}).split('\n');
    expect(lines.filter((l) => l.startsWith('noise'))).toEqual([
      'noise        excluded $.createdAt (3 endpoints), $.books[*].createdAt (GET /users/:id/books) (seen differing between legacy and secondary)',
    ]);
    const many = Array.from({ length: 60 }, (_, i) => entry(`GET /e${i}`, `$.field${i}`));
    const long = textRenderer.render({ ...report, noise: many }, {}).split('\n').find((l) => l.startsWith('noise')) ?? '';
    expect(long.length).toBeLessThanOrEqual(400);
    expect(long).toMatch(/^noise        excluded \$\.field0 \(GET \/e0\), \$\.field1 \(GET \/e1\), .*…$/);
  });
});
