import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BenchReportV1 } from '../../src/bench/model.js';
import { ParityError } from '../../src/core/errors.js';
import type { ReportV1 } from '../../src/report/model.js';
import { readAnyReport, readReport } from '../../src/report/read.js';
import { renderAnyReport, renderBench } from '../../src/render/bench.js';
import { htmlRenderer } from '../../src/render/html.js';
import { markdownRenderer } from '../../src/render/markdown.js';
import { formatPerfMs, formatPerfRatio } from '../../src/render/performance-rows.js';
import { renderBenchText } from '../../src/render/performance-text.js';
import { textRenderer } from '../../src/render/text.js';
import { writeBenchFiles } from '../../src/render/write.js';
import { sampleBenchReport } from '../helpers/bench-report.js';
import { sampleReport } from '../helpers/sample-report.js';

const bench = sampleBenchReport();
const untrusted = sampleBenchReport({ untrusted: true });
const ROW_LABELS = ['p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'max (ms)', 'achieved rate (req/s)', 'peak rate (req/s)', 'CPU per 1k requests (s)', 'RSS idle (MB)', 'RSS peak (MB)', 'errors (transport, timeouts)', '5xx answers'];

/** The Markdown table rows that follow the Performance heading, as cells. */
function scorecardRows(md: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l, i) => i > lines.findIndex((h) => h.endsWith(' Performance')) && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start + 2; lines[i]?.startsWith('|'); i++) rows.push((lines[i] ?? '').slice(2, -2).split(' | '));
  return rows;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parity-perf-render-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a bench report in Markdown', () => {
  const md = renderBench(bench, 'md');

  test('the scorecard: one row per figure, legacy, candidate, ratio with its interval, and a verdict word', () => {
    const rows = scorecardRows(md);
    expect(rows.map((r) => r[0])).toEqual(ROW_LABELS);
    const p99 = bench.performance.scorecard.latency.p99;
    const [label, legacy, candidate, ratio, verdict] = rows[2] ?? [];
    expect(label).toBe('p99 (ms)');
    expect(legacy).toBe(formatPerfMs(p99.legacy));
    expect(candidate).toBe(formatPerfMs(p99.candidate));
    expect(ratio).toMatch(new RegExp(`^${formatPerfRatio(p99.ratio ?? NaN).replace('.', '\\.')} \\[0\\.\\d+–0\\.\\d+\\]$`));
    // Twice as fast, a third of the CPU, twice the peak rate: the words say which way.
    expect(verdict).toBe('**faster**');
    expect(rows[7]?.[4]).toBe('**leaner**');
    expect(rows[6]).toEqual(['peak rate (req/s)', '500', '1,000', '2.00×', 'no interval']);
    // The same rate was offered to both: no difference.
    expect(rows[5]?.[4]).toBe('no difference');
  });

  test('says it can be trusted, how it was measured, and nothing else first', () => {
    expect(md.startsWith('## Parity bench\n\n### Performance\n\n✅ Trusted: the harness kept pace')).toBe(true);
    expect(md).toContain('6 pairs of 5 s windows per side, alternating, at 500 req/s, open loop');
    expect(md).toContain("Latency from each request's intended send time");
  });

  test('untrusted: the verdict first, loudly, with every reason', () => {
    const text = renderBench(untrusted, 'md');
    const warning = text.indexOf('> **UNTRUSTED: these figures may measure the load harness, not the services.**');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(text.indexOf('| p50 (ms)'));
    expect(text).toContain("> - 8% of sends went out more than 1 ms late in legacy's window 2, up to 48 ms");
  });
});

describe('a bench report in HTML', () => {
  const html = renderBench(bench, 'html');

  test('a self-contained page with the scorecard and both charts of both sides', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/);
    expect(html).toContain('<table class="scorecard">');
    for (const label of ROW_LABELS) expect(html).toContain(`<td>${label}</td>`);
    expect(html).toMatch(/<svg class="chart latency-over-time"[^>]*>/);
    for (const series of ['line-legacy p50', 'line-legacy p99', 'line-candidate p50', 'line-candidate p99']) expect(html).toMatch(new RegExp(`<path class="${series}" d="M[\\d.]+ [\\d.]+ L`));
    expect(html).toMatch(/<svg class="chart latency-cdf"[^>]*>/);
    expect(html).toMatch(/<path class="line-legacy" d="M[^"]+L/);
    expect(html).toMatch(/<path class="line-candidate" d="M[^"]+L/);
    expect(html).toContain('>99.9%</text>');
    expect(html).toContain('<span class="verdict-better">faster</span>');
    expect(html).toContain('<table class="windows">');
    expect(html).toContain('<table class="find-max">');
  });

  test('untrusted: a banner with the reasons above the scorecard', () => {
    const page = renderBench(untrusted, 'html');
    const banner = page.indexOf('<div class="trust untrusted" id="trust"><p><strong>UNTRUSTED');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(page.indexOf('<table class="scorecard">'));
    expect(page).toContain('<li>8% of sends went out more than 1 ms late');
  });

  test('no chart without a latency, rather than an empty axis', () => {
    const empty: BenchReportV1 = {
      ...bench,
      performance: { ...bench.performance, timeline: { legacy: [], candidate: [] }, histograms: { legacy: { ...bench.performance.histograms.legacy, buckets: [], count: 0 }, candidate: { ...bench.performance.histograms.candidate, buckets: [], count: 0 } } },
    };
    const page = renderBench(empty, 'html');
    expect(page).not.toContain('<svg class="chart');
    expect(page).toContain('No latency recorded.');
  });
});

describe('a bench report on the terminal and in JUnit', () => {
  test('aligned rows and the trust verdict', () => {
    const text = renderBenchText(untrusted);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('performance  UNTRUSTED: these figures may measure the load harness, not the services.');
    expect(lines[1]).toMatch(/^ {2}untrusted {2}8% of sends went out/);
    const p99 = lines.find((l) => l.trimStart().startsWith('p99 (ms)'));
    expect(p99).toMatch(/^ {2}p99 \(ms\) +[\d.]+ +[\d.]+ +0\.\d+× \[[\d.]+–[\d.]+\] {2}faster$/);
    expect(renderBench(bench, 'text', { reportPath: 'reports/x/bench.json' }).trimEnd().split('\n').at(-1)).toBe('report       reports/x/bench.json');
  });

  test('one test case says whether the figures can be trusted', () => {
    expect(renderBench(bench, 'junit')).toContain('<testcase classname="parity.bench" name="figures trusted" time="0"/>');
    expect(renderBench(untrusted, 'junit')).toMatch(/<testcase classname="parity.bench" name="figures trusted" time="0">\n {6}<failure message="the figures may measure the load harness, not the services" type="trust">8% of sends/);
  });
});

describe('a replay report with a Performance section', () => {
  let replay: ReportV1;
  beforeAll(async () => {
    replay = { ...(await sampleReport()), performance: bench.performance };
  }, 60_000);

  test('every rendering shows it after the findings, and the replay timings say they are not a verdict', () => {
    const md = markdownRenderer.render(replay, {});
    expect(md.indexOf('### Performance')).toBeGreaterThan(md.indexOf('### Top groups'));
    expect(scorecardRows(md).map((r) => r[0])).toEqual(ROW_LABELS);
    const html = htmlRenderer.render(replay, {});
    expect(html.indexOf('<section id="performance">')).toBeGreaterThan(html.indexOf('<section id="groups">'));
    expect(html).toContain('<a href="#performance">Performance</a>');
    const text = textRenderer.render(replay, {});
    expect(text).toMatch(/^performance {2}Trusted: /m);
    expect(renderAnyReport(replay, 'md')).toBe(md);
    expect(renderAnyReport(bench, 'md')).toBe(renderBench(bench, 'md'));
  });

  test('without one, no Performance section', () => {
    const { performance: _, ...plain } = replay;
    expect(markdownRenderer.render(plain, {})).not.toContain('### Performance');
    expect(htmlRenderer.render(plain, {})).not.toContain('id="performance"');
  });
});

describe('bench.json on disk', () => {
  test('written with its renderings, owner-only, and read back as a bench report', async () => {
    const out = join(dir, 'bench');
    const written = await writeBenchFiles(out, bench);
    expect(written).toEqual([join(out, 'bench.json'), join(out, 'bench.md'), join(out, 'bench.html')]);
    for (const path of written) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'bench.md'), 'utf8')).toContain(`Report ${join(out, 'bench.json')}`);
    const back = readAnyReport(join(out, 'bench.json'));
    expect(back).toEqual(bench);
  });

  test('the committed fixture reads as a bench report and renders in every format', () => {
    const fixture = readAnyReport(join(import.meta.dirname, '../fixtures/bench/bench.json'));
    expect('reportKind' in fixture && fixture.reportKind).toBe('bench');
    for (const format of ['text', 'md', 'html', 'junit'] as const) expect(renderAnyReport(fixture, format)).toMatch(/trusted/i);
    expect(scorecardRows(renderAnyReport(fixture, 'md')).map((r) => r[0])).toEqual(ROW_LABELS);
  });

  test('readReport refuses a bench report by name; readAnyReport refuses a newer or incomplete one', () => {
    const path = join(dir, 'bench.json');
    writeFileSync(path, JSON.stringify(bench));
    expect(() => readReport(path)).toThrow(/is a bench report \(parity bench\), not a replay report/);
    writeFileSync(path, JSON.stringify({ ...bench, reportVersion: 2 }));
    expect(() => readAnyReport(path)).toThrow(/bench report version 2; this Parity reads version 1/);
    writeFileSync(path, JSON.stringify({ ...bench, performance: { ...bench.performance, scorecard: null } }));
    expect(() => readAnyReport(path)).toThrow(ParityError);
    expect(() => readAnyReport(path)).toThrow(/"performance.scorecard" missing/);
    writeFileSync(path, 'null');
    expect(() => readAnyReport(path)).toThrow(/not a Parity report/);
  });
});
