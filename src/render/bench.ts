import type { BenchReportV1 } from '../bench/model.js';
import { isBenchReport } from '../report/bench-report.js';
import type { ReportV1 } from '../report/model.js';
import { escapeHtml, gateSummary } from './format.js';
import { htmlPage } from './html.js';
import { gateCases, testCase, xmlAttr, type TestCase } from './junit.js';
import { gateSection } from './html-parts.js';
import { performanceHtml } from './performance-html.js';
import { escapeMarkdown } from './markdown.js';
import { performanceMarkdown } from './performance-markdown.js';
import { benchDescription } from './performance-rows.js';
import { renderBenchText } from './performance-text.js';
import type { RenderContext } from './renderer.js';
import { rendererFor, type ReportFormat } from './renderers.js';
import { gateLines } from './text.js';

/** The files `parity bench` writes beside bench.json, by format. */
export const BENCH_FILE_NAMES: Readonly<Partial<Record<ReportFormat, string>>> = { md: 'bench.md', html: 'bench.html' };

/** A replay report or a bench report in any format `parity report --format` offers. */
export function renderAnyReport(report: ReportV1 | BenchReportV1, format: ReportFormat, context: RenderContext = {}): string {
  return isBenchReport(report) ? renderBench(report, format, context) : rendererFor(format).render(report, context);
}

/** A bench report in one format: the Performance section as its own document. */
export function renderBench(report: BenchReportV1, format: ReportFormat, context: RenderContext = {}): string {
  switch (format) {
    case 'text':
      return benchText(report, context);
    case 'md':
      return benchMarkdown(report, context);
    case 'html':
      return benchHtml(report, context);
    case 'junit':
      return benchJunit(report, context);
  }
}

function benchText(report: BenchReportV1, context: RenderContext): string {
  const lines = context.gate ? gateLines(context.gate) : [];
  if (context.reportPath !== undefined) lines.push(`report       ${context.reportPath}`);
  return `${renderBenchText(report)}${lines.map((line) => `${line}\n`).join('')}`;
}

function benchMarkdown(report: BenchReportV1, context: RenderContext): string {
  const parts = ['## Parity bench'];
  if (context.gate) parts.push(`**Gate: ${context.gate.passed ? 'PASSED' : 'FAILED'}** — ${gateSummary(context.gate)}`);
  parts.push(performanceMarkdown(report.performance, '###'));
  parts.push(`<sub>${context.reportPath !== undefined ? `Report ${escapeMarkdown(context.reportPath)} · ` : ''}parity ${escapeMarkdown(report.tool.version)} · ${escapeMarkdown(report.startedAt)}</sub>`);
  return `${parts.join('\n\n')}\n`;
}

function benchHtml(report: BenchReportV1, context: RenderContext): string {
  const p = report.performance;
  const header = `<h1>Parity bench</h1>
<p class="muted">${escapeHtml(p.settings.sides.legacy.url)} (legacy) vs ${escapeHtml(p.settings.sides.candidate.url)} (candidate), ${escapeHtml(report.startedAt)}${context.reportPath !== undefined ? ` · <code>${escapeHtml(context.reportPath)}</code>` : ''}</p>`;
  const parts: (readonly [string, string, string])[] = [];
  if (context.gate) parts.push(['gate', 'Gate', gateSection(context.gate)]);
  parts.push(['performance', 'Performance', performanceHtml(p)]);
  return htmlPage(`Parity bench: ${p.trust.trusted ? 'trusted' : 'UNTRUSTED'}`, header, parts);
}

/** The gate's policies as test cases, and one case saying whether the figures can be trusted. */
function benchJunit(report: BenchReportV1, context: RenderContext): string {
  const p = report.performance;
  const trust: TestCase = p.trust.trusted
    ? { classname: 'parity.bench', name: 'figures trusted', outcome: { kind: 'passed' } }
    : { classname: 'parity.bench', name: 'figures trusted', outcome: { kind: 'failure', message: 'the figures may measure the load harness, not the services', type: 'trust', body: [...p.trust.reasons, '', benchDescription(p)].join('\n') } };
  const cases = [trust, ...(context.gate ? gateCases(context.gate) : [])];
  const failures = cases.filter((c) => c.outcome.kind === 'failure').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parity-bench" ${counts} time="0">`,
    `  <testsuite name="parity-bench" ${counts} skipped="0" time="0" timestamp="${xmlAttr(report.startedAt)}">`,
    ...cases.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
