import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { GateOutcome } from '../../src/gate/outcome.js';
import type { ReportV1 } from '../../src/report/model.js';
import { formatCount, formatMs, formatPercent } from '../../src/render/format.js';
import { escapeHtml, htmlRenderer } from '../../src/render/html.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';

let report: ReportV1;
let html: string;

beforeAll(async () => {
  report = await sampleReport();
  html = htmlRenderer.render(report, {});
}, 60_000);

/** The markup of the element with this id, up to the end of its first closing tag of that name. */
function element(id: string, tag: string): string {
  const start = html.indexOf(` id="${id}"`);
  expect(start, `element #${id}`).toBeGreaterThan(-1);
  const from = html.lastIndexOf(`<${tag}`, start);
  return html.slice(from, html.indexOf(`</${tag}>`, start) + tag.length + 3);
}

function pattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('htmlRenderer', () => {
  test('is the html format written to report.html', () => {
    expect(htmlRenderer.format).toBe('html');
    expect(htmlRenderer.fileName).toBe('report.html');
  });

  test('has every section, with the verdict and the totals of the report', () => {
    for (const id of ['summary', 'decisions', 'latency', 'groups']) expect(html).toContain(`<section id="${id}">`);
    expect(report.totals.mismatched).toBeGreaterThan(0);
    expect(element('verdict', 'span')).toContain('MISMATCHES');
    const { totals } = report;
    for (const [id, value] of [['exchanges', totals.exchanges], ['compared', totals.compared], ['matched', totals.matched], ['mismatched', totals.mismatched]] as const) {
      expect(html).toContain(`<dd id="total-${id}">${formatCount(value)}</dd>`);
    }
    expect(html).toContain(`<dd id="total-parity">${formatPercent(totals.parityPercent)}</dd>`);
    expect(html).toContain(escapeHtml(report.run.capture.sha256.slice(0, 12)));
    for (const e of report.endpoints) expect(html).toContain(`<code>${escapeHtml(e.endpoint)}</code>`);
    for (const [category, n] of Object.entries(report.categories)) expect(html).toContain(`<tr><td>${category}</td><td>${formatCount(n)}</td></tr>`);
  });

  test('shows PARITY when nothing mismatched', () => {
    const clean = htmlRenderer.render({ ...report, totals: { ...report.totals, mismatched: 0 }, groups: [] }, {});
    expect(clean).toContain('<span id="verdict" class="verdict pass">PARITY</span>');
    expect(clean).toContain('No mismatch groups.');
  });

  test('shows each group with its count and its examples, worst first as given', () => {
    expect(report.groups.length).toBeGreaterThan(0);
    const shown = [...html.matchAll(/<details class="group" id="group-(\d+)" data-category="([^"]*)" data-endpoint="([^"]*)" data-count="(\d+)">/g)];
    expect(shown.map((m) => Number(m[4]))).toEqual(report.groups.map((g) => g.count));
    report.groups.forEach((g, i) => {
      const markup = element(`group-${i}`, 'details');
      expect(markup).toContain(`<span class="count" title="exchanges">${formatCount(g.count)}×</span>`);
      expect(markup).toContain(escapeHtml(g.signature));
      expect(markup.match(/<div class="example">/g)?.length ?? 0).toBe(g.examples.length);
      for (const e of g.examples) expect(markup).toContain(`<pre class="diff">${escapeHtml(e.diff)}</pre>`);
    });
    expect(html).toContain('<select id="filter-category">');
    expect(html).toContain('<select id="filter-endpoint">');
  });

  test('marks the critical and high cells of the decision matrix, with a count in every cell', () => {
    const matrix = element('decisions', 'section');
    const critical = report.decisions.filter((d) => d.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    for (const d of report.decisions) {
      const cell = new RegExp(`<td class="([^"]*)" data-legacy="${pattern(escapeHtml(d.legacy))}" data-candidate="${pattern(escapeHtml(d.candidate))}" data-count="${d.count}"[^>]*>([^<]|<span[^>]*>[^<]*</span>)*?${pattern(formatCount(d.count))}</td>`);
      const match = matrix.match(cell);
      expect(match, `${d.legacy} → ${d.candidate}`).not.toBeNull();
      if (d.severity === 'critical' || d.severity === 'high') expect(match?.[1]).toContain(`sev-${d.severity}`);
    }
    const legacies = new Set(report.decisions.map((d) => d.legacy)).size;
    const candidates = new Set(report.decisions.map((d) => d.candidate)).size;
    expect(matrix.match(/<td /g)?.length).toBe(legacies * candidates);
  });

  test('has the replay timings table, said not to be a latency verdict, and an SVG histogram of both sides', () => {
    const latency = element('latency', 'section');
    expect(latency).toContain('<h2>Replay timings</h2>');
    expect(latency).toContain('not a latency verdict. `parity bench` measures performance.');
    for (const header of ['p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms']) expect(latency).toContain(`<th>${header}</th>`);
    expect(latency).toContain('candidate / legacy');
    expect(latency).toContain(`<td>${formatMs(report.latency.legacy.p50)}</td>`);
    expect(latency).toMatch(/<svg class="histogram"[^>]*>/);
    expect(latency).toMatch(/<rect class="series-legacy" x=/);
    expect(latency).toMatch(/<rect class="series-candidate" x=/);
    expect(latency).toContain('latency (ms, log scale)');
  });

  test('shows the hostile strings of captured traffic only escaped', () => {
    expect(report.groups[0]?.signature).toContain(HOSTILE);
    expect(report.groups[0]?.examples[0]?.request.body).toContain(HOSTILE);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toMatch(/<[a-z][^<>]*\sonerror\s*=/i);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<img/gi)).toBeNull();
    const escaped = escapeHtml(HOSTILE);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(element('group-0', 'details').split(escaped).length - 1).toBeGreaterThanOrEqual(2);
    const script = html.slice(html.indexOf('<script>'), html.indexOf('</script>'));
    expect(script).not.toContain('__pwned');
    expect(script).not.toContain(report.groups[0]?.endpoint ?? '(none)');
  });

  test('is self-contained, under a restrictive Content-Security-Policy', () => {
    // Only the page's own script may run: allowed by its hash, never by 'unsafe-inline'.
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:;/);
    const script = /<script>([\s\S]*)<\/script>\n<\/body>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).not.toMatch(/\s(?:src|href|xlink:href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
    expect(html).not.toMatch(/<link|@import|url\(/i);
    expect(html.length).toBeLessThan(2_000_000);
  });

  test('shows the gate, its policies and the expired and stale allow-list entries', () => {
    const entry = { signature: `decision ${HOSTILE}`, owner: 'payments', reason: 'known', expires: '2020-01-01' };
    const gate: GateOutcome = {
      passed: false,
      policies: [
        { name: 'max-decision-mismatches', passed: false, actual: 7, limit: 0, detail: '7 decision mismatches, limit 0' },
        { name: 'min-parity', passed: true, actual: 99.5, limit: 99, detail: 'parity 99.50 % ≥ 99 %' },
      ],
      allowList: { allowed: [], expired: [entry], stale: [{ ...entry, signature: 'status *', expires: '2999-12-31' }] },
    };
    const page = htmlRenderer.render(report, { gate, reportPath: '/tmp/out/report.json' });
    expect(page).toContain('<span id="gate-verdict" class="verdict fail">GATE FAILED</span>');
    const section = page.slice(page.indexOf('<section id="gate">'), page.indexOf('</section>', page.indexOf('<section id="gate">')));
    expect(section).toContain('<code>max-decision-mismatches</code></td><td><span class="badge fail">failed</span>');
    expect(section).toContain('<code>min-parity</code></td><td><span class="badge pass">passed</span>');
    expect(section).toContain('7 decision mismatches, limit 0');
    expect(section).toContain('Expired allow-list entries');
    expect(section).toContain(escapeHtml(entry.signature));
    expect(section).toContain('Stale allow-list entries');
    expect(section).toContain('<code>status *</code>');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('/tmp/out/report.json');
    expect(html).not.toContain('<section id="gate">');
  });

  test('escapes &, <, >, " and \' in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('a service without decisions has no Decisions section or link; the groups carry the severity legend', () => {
    expect(element('groups', 'section')).toMatch(/<p class="legend"><span class="badge sev-high">high<\/span> a 2xx answer became a 4xx or 5xx · .*\(decision changes: see Decisions\)<\/p>/);
    const plain: ReportV1 = { ...report, decisions: [{ legacy: '(none)', candidate: '(none)', count: report.totals.compared, severity: null }] };
    const out = htmlRenderer.render(plain, {});
    expect(out).not.toContain('<section id="decisions">');
    expect(out).not.toContain('href="#decisions"');
    expect(out).toContain('<p class="legend"><span class="badge sev-high">high</span> a 2xx answer became a 4xx or 5xx · ');
    expect(out).not.toContain('see Decisions');
  });
});
