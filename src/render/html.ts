import { createHash } from 'node:crypto';
import type { ReportV1 } from '../report/model.js';
import { escapeHtml } from './format.js';
import { decisionsSection, gateSection, groupsSection, latencySection, noiseSection, summarySection } from './html-parts.js';
import { performanceHtml } from './performance-html.js';
import type { RenderContext, Renderer } from './renderer.js';

export { escapeHtml } from './format.js';

const STYLE = `
:root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --bg: #fff; --soft: #f5f6f8;
  --pass: #067647; --fail: #b42318; --warn: #b54708; --legacy: #5b7fbf; --candidate: #e0803a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
nav a { margin-right: 12px; color: inherit; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 360px; white-space: pre-wrap; word-break: break-all; }
pre.error { color: var(--fail); }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; } thead th { background: var(--soft); }
table.run td:first-child { color: var(--muted); } table.run thead { display: none; }
.columns { display: flex; gap: 32px; flex-wrap: wrap; }
.verdict { display: inline-block; font-weight: 700; font-size: 18px; padding: 4px 12px; border-radius: 4px; color: #fff; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.warn { background: var(--warn); }
.totals { display: flex; gap: 24px; margin: 12px 0; } .totals dt { color: var(--muted); } .totals dd { margin: 0; font-size: 20px; font-weight: 600; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; background: var(--soft); border: 1px solid var(--line); }
.badge.pass { color: var(--pass); } .badge.fail { color: var(--fail); }
.sev-critical { background: #fee4e2; color: #912018; font-weight: 700; } .sev-high { background: #fef0c7; color: #93370d; font-weight: 600; }
.sev-medium { background: #fdf6e3; } .sev-low { background: #f2f4f7; }
table.matrix td { text-align: right; min-width: 64px; } table.matrix td.same { background: #ecfdf3; } table.matrix td.zero { color: var(--muted); }
table.matrix td.sev-critical { outline: 2px solid var(--fail); outline-offset: -2px; } table.matrix td.sev-high { outline: 2px dashed var(--warn); outline-offset: -2px; }
.mark { font-weight: 700; }
svg.histogram, svg.chart { width: 100%; max-width: 760px; height: auto; }
svg .line-legacy { stroke: var(--legacy); fill: none; stroke-width: 1.6; } svg .line-candidate { stroke: var(--candidate); fill: none; stroke-width: 1.6; }
svg .p99 { stroke-dasharray: 5 3; }
.trust { border: 2px solid var(--warn); background: #fffaeb; padding: 8px 12px; border-radius: 4px; } .trust.trusted { border-color: var(--pass); background: #ecfdf3; }
table.scorecard td:not(:first-child) { text-align: right; } .verdict-better { color: var(--pass); font-weight: 600; } .verdict-worse { color: var(--fail); font-weight: 600; }
svg .series-legacy { fill: var(--legacy); } svg .series-candidate { fill: var(--candidate); }
svg .axis { stroke: var(--fg); } svg .grid { stroke: var(--line); } svg text { fill: var(--fg); font-size: 11px; } svg .axis-label { font-size: 12px; }
details.group, details.noise-group { border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; }
details[hidden] { display: none !important; }
summary { cursor: pointer; padding: 6px 8px; } details[open] > summary { background: var(--soft); }
summary .meta { color: var(--muted); margin-left: 20px; } .signature { word-break: break-all; }
.count { font-weight: 700; } .code.added { color: var(--fail); } .code.removed { color: var(--pass); }
details .body { padding: 0 12px 8px; } .example { border-top: 1px dashed var(--line); margin-top: 8px; }
.answers { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } h4, h5 { margin: 8px 0 4px; }
.filters { margin: 8px 0; display: flex; gap: 16px; align-items: center; } #filter-status, .muted { color: var(--muted); }
p.warn { color: var(--warn); }
`;

/**
 * Filtering only reads data- attributes (escaped by the renderer, unescaped by the browser): no
 * report string is ever part of this script.
 */
const SCRIPT = `
(function () {
  'use strict';
  var category = document.getElementById('filter-category');
  var endpoint = document.getElementById('filter-endpoint');
  var status = document.getElementById('filter-status');
  if (!category || !endpoint) return;
  var groups = Array.prototype.slice.call(document.querySelectorAll('#group-list > details.group'));
  function apply() {
    var shown = 0;
    groups.forEach(function (g) {
      var visible = (!category.value || g.dataset.category === category.value) &&
        (!endpoint.value || g.dataset.endpoint === endpoint.value);
      g.hidden = !visible;
      if (visible) shown++;
    });
    if (status) status.textContent = shown + ' of ' + groups.length + ' groups shown';
  }
  category.addEventListener('change', apply);
  endpoint.addEventListener('change', apply);
  apply();
})();
`;

/**
 * The page is opened from disk or from a CI artefact store, possibly long after the run: nothing
 * may be fetched. Only the page's own script runs (allowed by its hash, not 'unsafe-inline'), so
 * should escaping ever fail, markup injected from captured traffic can neither run nor send.
 */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'`;

/** One self-contained page: inline style and script, SVG charts, no external resource. */
export const htmlRenderer: Renderer = {
  format: 'html',
  fileName: 'report.html',
  render(report: ReportV1, context: RenderContext): string {
    const verdict = report.totals.mismatched === 0 ? 'PARITY' : 'MISMATCHES';
    const gate = context.gate;
    const noise = noiseSection(report);
    const parts: readonly (readonly [id: string, label: string, html: string])[] = [
      ['summary', 'Summary', summarySection(report, gate, context.reportPath)],
      ['gate', 'Gate', gate ? gateSection(gate) : ''],
      ['decisions', 'Decisions', decisionsSection(report)],
      ['latency', 'Replay timings', latencySection(report)],
      ['groups', 'Groups', groupsSection(report)],
      ['noise', 'Noise', noise],
      ['performance', 'Performance', report.performance ? performanceHtml(report.performance) : ''],
    ];
    const present = parts.filter(([, , html]) => html !== '');
    return htmlPage(`Parity report: ${verdict}`, `<h1>Parity report</h1>
<p class="muted">${escapeHtml(report.run.legacy)} (legacy) vs ${escapeHtml(report.run.candidate)} (candidate), ${escapeHtml(report.run.startedAt)}</p>`, present);
  },
};

/**
 * One self-contained page around `parts` (id, nav label, section markup), with the stylesheet and
 * the script every Parity page shares: a replay report and a bench report look alike.
 */
export function htmlPage(titleText: string, headerHtml: string, parts: readonly (readonly [id: string, label: string, html: string])[]): string {
  const sections = parts.map(([, , html]) => html);
  const links = parts.map(([id, label]) => [id, label] as const);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(titleText)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${headerHtml}
<nav>${links.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav></header>
<main>
${sections.join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
