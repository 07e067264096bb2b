import { beforeAll, describe, expect, test } from 'vitest';
import { CATEGORIES } from '../../src/report/model.js';
import type { GateOutcome } from '../../src/gate/outcome.js';
import type { ReportGroup, ReportV1 } from '../../src/report/model.js';
import { formatCount, formatMs, formatPercent } from '../../src/render/format.js';
import { escapeMarkdown, fenced, MARKDOWN_MAX_BYTES, markdownRenderer } from '../../src/render/markdown.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';

let report: ReportV1;
let md: string;

beforeAll(async () => {
  report = await sampleReport();
  md = markdownRenderer.render(report, {});
}, 60_000);

const GATE: GateOutcome = {
  passed: false,
  policies: [
    { name: 'max-decision-mismatches', passed: false, actual: 7, limit: 0, detail: '7 decision mismatches, at most 0 allowed' },
    { name: 'min-parity-percent', passed: true, actual: 99.9, limit: 99.5, detail: 'parity 99.9% ≥ 99.5%' },
  ],
  allowList: {
    allowed: [],
    expired: [{ signature: 'body POST /v1/old *', owner: 'team-payments', reason: 'timestamps differ', expires: '2020-01-31' }],
    stale: [{ signature: 'status GET /v1/gone', owner: 'team-core', reason: 'migrated', expires: '2099-01-01' }],
  },
};

interface Block {
  readonly fence: string;
  readonly info: string;
  readonly content: string;
}

/** Splits like CommonMark does: a backtick fence closes only at a line of at least as many backticks. */
function splitFences(markdown: string): { outside: string; blocks: Block[] } {
  const outside: string[] = [];
  const blocks: Block[] = [];
  let open: { fence: string; info: string; lines: string[] } | null = null;
  for (const line of markdown.split('\n')) {
    if (!open) {
      const m = /^(`{3,})([^`]*)$/.exec(line);
      if (m) open = { fence: m[1] ?? '', info: m[2] ?? '', lines: [] };
      else outside.push(line);
      continue;
    }
    const close = /^(`{3,})\s*$/.exec(line);
    if (close && (close[1] ?? '').length >= open.fence.length) {
      blocks.push({ fence: open.fence, info: open.info, content: open.lines.join('\n') });
      open = null;
    } else open.lines.push(line);
  }
  expect(open, 'every fenced block is closed').toBeNull();
  return { outside: outside.join('\n'), blocks };
}

/** The cells of the table that follows `heading`, by row, header row first. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l, i) => i > lines.indexOf(heading) && l.startsWith('|'));
  expect(start, `a table after ${heading}`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (let i = start; lines[i]?.startsWith('|'); i++) {
    if (i === start + 1) continue;
    rows.push((lines[i] ?? '').slice(2, -2).split(' | '));
  }
  return rows;
}

function withGroups(base: ReportV1, groups: readonly ReportGroup[]): ReportV1 {
  return { ...base, groups };
}

describe('markdownRenderer', () => {
  test('is the md format written to report.md', () => {
    expect(markdownRenderer.format).toBe('md');
    expect(markdownRenderer.fileName).toBe('report.md');
  });

  test('leads with the parity verdict and the run', () => {
    const t = report.totals;
    expect(t.mismatched).toBeGreaterThan(0);
    expect(md).toContain(`❌ **${formatPercent(t.parityPercent)} parity: ${formatCount(t.mismatched)} of ${formatCount(t.compared)} exchanges differ**`);
    expect(md).toMatch(/^Capture generated\.db · candidate http:\/\/127\.0\.0\.1:\d+\/ · legacy recorded answers · full run · [\d.]+ s$/m);
    expect(md).not.toContain('**Gate:');
    expect(md).not.toContain('### Gate');
  });

  test('a report without differences says parity', () => {
    const clean: ReportV1 = { ...report, groups: [], totals: { ...report.totals, matched: report.totals.compared, mismatched: 0, parityPercent: 100 } };
    const out = markdownRenderer.render(clean, {});
    expect(out).toContain(`✅ **Parity 100%: all ${formatCount(report.totals.compared)} exchanges match**`);
    expect(out).not.toContain('### Top groups');
  });

  test('counts every category as the report does', () => {
    const rows = tableAfter(md, '### Totals');
    expect(rows[0]).toEqual(['Exchanges', 'Compared', 'Matched', 'Differ', 'Parity']);
    const t = report.totals;
    expect(rows[1]).toEqual([formatCount(t.exchanges), formatCount(t.compared), formatCount(t.matched), `**${formatCount(t.mismatched)}**`, `**${formatPercent(t.parityPercent)}**`]);
    for (const c of CATEGORIES) expect(md).toContain(`| ${c} | ${formatCount(report.categories[c])} |`);
  });

  test('shows the whole decision matrix, zeros included, critical cells marked', () => {
    const [header = [], ...rows] = tableAfter(md, '### Decisions');
    const labels = header.slice(1);
    expect(labels.length).toBeGreaterThan(1);
    expect(rows.map((r) => r[0])).toEqual(labels.map((l) => `**${l}**`));
    for (const row of rows) {
      expect(row).toHaveLength(labels.length + 1);
      for (const cell of row.slice(1)) expect(cell).toMatch(/^(?:\d[\d,]*|\*\*\d[\d,]*\*\* [🔴🟠🟡])$/u);
    }
    const critical = report.decisions.filter((d) => d.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    for (const d of report.decisions) {
      const cell = rows[labels.indexOf(escapeMarkdown(d.legacy))]?.[labels.indexOf(escapeMarkdown(d.candidate)) + 1];
      expect(cell).toBe(d.severity === 'critical' ? `**${formatCount(d.count)}** 🔴` : d.severity === 'high' ? `**${formatCount(d.count)}** 🟠` : formatCount(d.count));
    }
    const total = rows.flatMap((r) => r.slice(1)).reduce((sum, cell) => sum + Number(cell.replace(/\D/g, '')), 0);
    expect(total).toBe(report.totals.compared);
    expect(md).toMatch(/^🔴 critical: .* · 🟠 high: .*$/m);
  });

  test('folds a long tail of decisions into (other), keeping the counts', () => {
    const decisions = Array.from({ length: 30 }, (_, i) => ({ legacy: `d${i}`, candidate: `d${(i + 1) % 30}`, count: i + 1, severity: 'medium' as const }));
    const out = markdownRenderer.render({ ...report, decisions }, {});
    const [header = [], ...rows] = tableAfter(out, '### Decisions');
    expect(header).toHaveLength(9);
    expect(header.at(-1)).toBe('(other)');
    expect(rows.flatMap((r) => r.slice(1)).reduce((sum, cell) => sum + Number(cell.replace(/\*\*(\d+)\*\*.*/u, '$1')), 0)).toBe((30 * 31) / 2);
  });

  test('has the replay timings per side in ms, the ratio, and the throughput, said not to be a latency verdict', () => {
    expect(md).not.toContain('### Latency');
    expect(md).toContain("### Replay timings (ms)\n\nThese are the correctness replay's own timings, its queueing included: not a latency verdict. `parity bench` measures performance.");
    const [header, legacy, candidate, ratio] = tableAfter(md, '### Replay timings (ms)');
    expect(header).toEqual(['', 'p50', 'p90', 'p99', 'p99.9', 'max']);
    const { latency } = report;
    expect(latency.legacySource).toBe('recorded');
    expect(legacy).toEqual(['legacy (recorded)', ...(['p50', 'p90', 'p99', 'p999', 'max'] as const).map((k) => formatMs(latency.legacy[k]))]);
    expect(candidate).toEqual(['candidate', ...(['p50', 'p90', 'p99', 'p999', 'max'] as const).map((k) => formatMs(latency.candidate[k]))]);
    expect(ratio?.[0]).toBe('candidate / legacy');
    expect(ratio?.[3]).toBe(`${((latency.candidate.p99 / latency.legacy.p99)).toFixed(2)}×`);
    expect(md).toContain(`Throughput: ${formatCount(latency.throughput)} req/s`);
  });

  test('lists the top groups, each with one example diff, fenced, in a collapsible block', () => {
    const rows = tableAfter(md, '### Top groups');
    const shown = report.groups.slice(0, 5);
    expect(rows.slice(1).map((r) => r[1])).toEqual(shown.map((g) => `**${formatCount(g.count)}**`));
    expect(rows[1]?.[2]).toBe(`🔴 ${shown[0]?.severity}`);
    const details = md.split('<details>').slice(1);
    expect(details).toHaveLength(shown.filter((g) => g.examples.length > 0).length);
    for (const [i, d] of details.entries()) {
      expect(d).toMatch(new RegExp(`^\\n<summary>#${i + 1} `));
      expect(d).toContain('</details>');
      const { blocks } = splitFences(d);
      const diff = blocks.find((b) => b.info === 'diff');
      expect(diff?.content).toBe(shown[i]?.examples[0]?.diff.split('\n').slice(0, 40).join('\n'));
    }
  });

  test('caps a long diff and says how many lines were left out', () => {
    const [first, ...rest] = report.groups;
    const example = first?.examples[0];
    if (!first || !example) throw new Error('sample report without an example');
    const diff = Array.from({ length: 100 }, (_, i) => `- line ${i}`).join('\n');
    const out = markdownRenderer.render(withGroups(report, [{ ...first, examples: [{ ...example, diff }] }, ...rest]), {});
    const block = splitFences(out).blocks.find((b) => b.info === 'diff' && b.content.startsWith('- line 0'));
    expect(block?.content.split('\n')).toHaveLength(40);
    expect(out).toContain('_… 60 more lines in the report_');
  });

  test('says how many groups are not shown', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...(report.groups[1] as ReportGroup), signature: `body group ${i}` }));
    const out = markdownRenderer.render(withGroups(report, many), {});
    expect(tableAfter(out, '### Top groups')).toHaveLength(6);
    expect(out).toContain('… and 3 more groups in the report.');
  });

  test('renders hostile strings as text: escaped outside code, unable to close their fence inside', () => {
    const { outside, blocks } = splitFences(md);
    expect(outside).not.toMatch(/<script|<img|<\/script/i);
    expect(outside).toContain('&lt;/script&gt;&lt;script&gt;window.\\_\\_pwned = 1&lt;/script&gt;');
    // The request body is quoted verbatim, in a code block: there it is text by definition.
    expect(blocks.some((b) => b.content.replace(/\n/g, '').includes(HOSTILE))).toBe(true);
  });

  test('@mentions from captured text notify nobody: prose and summaries break them, the text still reads the same', () => {
    const [first, ...rest] = report.groups;
    if (!first) throw new Error('sample report without a group');
    const out = markdownRenderer.render({ ...report, groups: [{ ...first, signature: 'body POST /v1 cc @octocat and @org/team', legacyDecision: '@admin' }, ...rest] }, {});
    expect(out).not.toMatch(/@(?=[A-Za-z0-9])/);
    expect(out.replace(/\u2060/g, '')).toContain('@octocat');
    expect(escapeMarkdown('mail a@b.c')).toBe('mail a@\u2060b.c');
  });

  test('a diff that tries to close its fence stays inside it', () => {
    const [first, ...rest] = report.groups;
    const example = first?.examples[0];
    if (!first || !example) throw new Error('sample report without an example');
    const diff = '```\n</details><script>alert(1)</script>\n````\n`````diff\n| a | b |';
    const out = markdownRenderer.render(withGroups(report, [{ ...first, examples: [{ ...example, request: { ...example.request, body: '' }, diff }] }, ...rest]), {});
    const { outside, blocks } = splitFences(out);
    expect(outside).not.toMatch(/<script|alert\(1\)/);
    expect(blocks.find((b) => b.content.includes('alert(1)'))?.content).toBe(diff);
  });

  test('fenced() picks a fence longer than any backtick run of the content', () => {
    expect(fenced('diff', 'a')).toBe('```diff\na\n```');
    expect(fenced('', 'x ```` y')).toBe('`````\nx ```` y\n`````');
  });

  test('escapes table-breaking and formatting characters', () => {
    expect(escapeMarkdown('a|b *c* `d` [e](f) <g> & $x$ _h_\nnext')).toBe('a\\|b \\*c\\* \\`d\\` \\[e\\](f) &lt;g&gt; &amp; \\$x\\$ \\_h\\_ next');
  });

  test('with a gate outcome: the gate verdict, a policy table and the allow-list findings', () => {
    const out = markdownRenderer.render(report, { gate: GATE, reportPath: 'reports/run/report.json' });
    expect(out).toContain('**Gate: FAILED** — 1 of 2 policies failed');
    const rows = tableAfter(out, '### Gate');
    expect(rows).toEqual([
      ['Policy', 'Result', 'Detail'],
      ['max-decision-mismatches', '❌', '7 decision mismatches, at most 0 allowed'],
      ['min-parity-percent', '✅', 'parity 99.9% ≥ 99.5%'],
    ]);
    expect(out).toContain('**Expired allow-list entries**');
    expect(out).toContain('- body POST /v1/old \\* — team-payments: timestamps differ (expires 2020-01-31)');
    expect(out).toContain('**Stale allow-list entries**');
    expect(out).toContain('status GET /v1/gone');
    expect(out).toContain('Report reports/run/report.json');
    expect(markdownRenderer.render(report, { gate: { ...GATE, passed: true, policies: [GATE.policies[1] as GateOutcome['policies'][number]] } })).toContain('**Gate: PASSED** — all 1 policy passed');
  });

  test.each([
    ['ASCII', 'x', false],
    ['multi-byte', '€🔴', true],
  ])('stays under its size bound with many large groups (%s)', (_, unit, examplesLeftOut) => {
    const [first] = report.groups;
    const example = first?.examples[0];
    if (!first || !example) throw new Error('sample report without an example');
    const big = unit.repeat(150);
    const huge: ReportGroup[] = Array.from({ length: 200 }, (__, i) => ({
      ...first,
      signature: `body POST /v1/things/${i} ${Array.from({ length: 200 }, (___, j) => `$.field${j}${unit}`).join(' ')}`,
      examples: [{ ...example, request: { ...example.request, body: big.repeat(14) }, diff: Array.from({ length: 400 }, (___, j) => `- ${j} ${big}`).join('\n') }],
    }));
    const decisions = Array.from({ length: 500 }, (__, i) => ({ legacy: `decision-${i}-${big}`, candidate: `decision-${i + 1}-${big}`, count: 1, severity: 'medium' as const }));
    const out = markdownRenderer.render({ ...report, groups: huge, decisions }, { gate: GATE });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(out).toContain('… and 195 more groups in the report.');
    expect(out.includes('Examples left out')).toBe(examplesLeftOut);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    splitFences(out);
  });

  test('a service without decisions gets no decision matrix, and a legend of what the severities of its groups mean', () => {
    expect(md).toMatch(/^🟠 high: a 2xx answer became a 4xx or 5xx · 🟡 medium: another status change, .* · ⚪ low: .*$/m);
    const plain: ReportV1 = { ...report, decisions: [{ legacy: '(none)', candidate: '(none)', count: report.totals.compared, severity: null }] };
    const out = markdownRenderer.render(plain, {});
    expect(out).not.toContain('### Decisions');
    expect(out).not.toContain('(none)');
    expect(out).not.toContain('critical: the candidate approves what legacy refused');
    expect(out).toContain('\n\n🟠 high: a 2xx answer became a 4xx or 5xx · ');
    expect(out.indexOf('🟠 high: a 2xx')).toBeGreaterThan(out.indexOf('### Top groups'));
  });
});
