import { BEING_WRITTEN_NOTE } from '../report/run-state.js';
import { CATEGORIES } from '../report/model.js';
import type { GateOutcome } from '../gate/outcome.js';
import type { LatencySummary, ReportGroup, ReportV1 } from '../report/model.js';
import { escapeHtml, formatCount, formatMs, groupChangeLines, formatPercent, formatRatio, formatSeconds, latencyRatio, parityVerdict, runScope } from './format.js';
import { decisionCell } from '../compare/aggregate.js';
import { decisionMatrix } from './decision-matrix.js';
import { CHANGE_SEVERITIES, decisionsCompared } from './severity-legend.js';
import { REPLAY_TIMINGS_NOTE } from './performance-rows.js';
import { svgHistogram } from './svg-histogram.js';

/** A cell is escaped text, or markup built here (already escaped) when wrapped with `raw`. */
type Cell = string | number | { readonly html: string };

export function raw(html: string): { readonly html: string } {
  return { html };
}

function cell(c: Cell): string {
  return typeof c === 'object' ? c.html : escapeHtml(c);
}

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${escapeHtml(className)}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function badge(kind: string, text: string): string {
  return `<span class="badge ${escapeHtml(kind)}">${escapeHtml(text)}</span>`;
}

export function summarySection(report: ReportV1, gate: GateOutcome | undefined, reportPath: string | undefined): string {
  const { totals, run } = report;
  const parity = totals.mismatched === 0;
  const verdicts = [`<span id="verdict" class="verdict ${parity ? 'pass' : 'fail'}">${parity ? 'PARITY' : 'MISMATCHES'}</span>`];
  if (gate) verdicts.push(`<span id="gate-verdict" class="verdict ${gate.passed ? 'pass' : 'fail'}">GATE ${gate.passed ? 'PASSED' : 'FAILED'}</span>`);
  if (run.interrupted) verdicts.push(`<span class="verdict warn">${run.unreachable ? 'STOPPED EARLY' : 'INTERRUPTED'}</span>`);
  if (run.capture.beingWritten) verdicts.push(`<span class="verdict warn">${escapeHtml(BEING_WRITTEN_NOTE)}</span>`);
  verdicts.push(`<span id="verdict-line">${escapeHtml(parityVerdict(report).text)}</span>`);

  const figures: readonly [string, string, string][] = [
    ['exchanges', 'Exchanges', formatCount(totals.exchanges)],
    ['compared', 'Compared', formatCount(totals.compared)],
    ['matched', 'Matched', formatCount(totals.matched)],
    ['mismatched', 'Mismatched', formatCount(totals.mismatched)],
    ['parity', 'Parity', formatPercent(totals.parityPercent)],
  ];
  const totalsHtml = `<dl class="totals">${figures.map(([id, label, value]) => `<div><dt>${label}</dt><dd id="total-${id}">${escapeHtml(value)}</dd></div>`).join('')}</dl>`;
  const skipped = Object.entries(totals.skipped);
  const skippedHtml = skipped.length === 0 ? '' : `<p>Skipped: ${skipped.map(([reason, n]) => `${escapeHtml(reason)} ${formatCount(n)}`).join(', ')}</p>`;

  const categories = table(
    ['Category', 'Exchanges'],
    CATEGORIES.map((c) => [c, formatCount(report.categories[c] ?? 0)]),
    'categories',
  );
  const details: readonly (readonly Cell[])[] = [
    ['Capture', raw(`<code>${escapeHtml(run.capture.path)}</code> (sha256 <code>${escapeHtml(run.capture.sha256.slice(0, 12))}</code>)`)],
    ['Legacy', report.latency.legacySource === 'recorded' && run.legacy !== 'recorded' ? `${run.legacy} (recorded answers)` : run.legacy],
    ['Candidate', run.candidate],
    ...(run.secondary ? [['Secondary', run.secondary] as const] : []),
    ['Order', run.partitionKey ? `${run.order} (partition key ${run.partitionKey})` : run.order],
    // Read from JSON files of older builds too, where the field may be missing.
    ...(run.config ? [['Config', raw(`<code>${escapeHtml(run.config.path)}</code> (sha256 <code>${escapeHtml(run.config.sha256.slice(0, 12))}</code>)`)] as const] : []),
    ['Concurrency', run.concurrency],
    ['Scope', runScope(report)],
    ['Started', run.startedAt],
    ['Duration', formatSeconds(run.durationMs)],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ...(reportPath ? [['Report', raw(`<code>${escapeHtml(reportPath)}</code>`)] as const] : []),
  ];
  const endpoints = table(
    ['Endpoint', 'Total', 'Matched', 'Mismatched', 'Parity'],
    report.endpoints.map((e) => [raw(`<code>${escapeHtml(e.endpoint)}</code>`), formatCount(e.total), formatCount(e.matched), formatCount(e.total - e.matched), formatPercent(e.parityPercent)]),
    'endpoints',
  );
  return section(
    'summary',
    'Summary',
    `<p class="verdicts">${verdicts.join(' ')}</p>\n${totalsHtml}\n${skippedHtml}\n<div class="columns"><div><h3>Categories</h3>${categories}</div><div><h3>Run</h3>${table(['', ''], details, 'run')}</div></div>\n<h3>Endpoints</h3>\n${endpoints}`,
  );
}

export function gateSection(gate: GateOutcome): string {
  const policies = table(
    ['Policy', 'Result', 'Actual', 'Limit', 'Detail'],
    gate.policies.map((p) => [raw(`<code>${escapeHtml(p.name)}</code>`), raw(badge(p.passed ? 'pass' : 'fail', p.passed ? 'passed' : 'failed')), p.actual === null ? '—' : formatCount(p.actual), formatCount(p.limit), p.detail]),
    'policies',
  );
  const { allowed, expired, stale } = gate.allowList;
  const entryRows = (entries: readonly { readonly signature: string; readonly owner: string; readonly reason: string; readonly expires: string }[]): Cell[][] =>
    entries.map((e) => [raw(`<code>${escapeHtml(e.signature)}</code>`), e.owner, e.reason, e.expires]);
  const parts = [policies];
  if (allowed.length > 0) {
    parts.push(`<h3>Allowed groups</h3>`, table(['Signature', 'Exchanges', 'Owner', 'Reason', 'Expires'], allowed.map((a) => [raw(`<code>${escapeHtml(a.signature)}</code>`), formatCount(a.count), a.entry.owner, a.entry.reason, a.entry.expires])));
  }
  if (expired.length > 0) parts.push(`<h3>Expired allow-list entries (they fail the gate)</h3>`, table(['Signature', 'Owner', 'Reason', 'Expired'], entryRows(expired), 'expired'));
  if (stale.length > 0) parts.push(`<h3>Stale allow-list entries (matched no group: remove them)</h3>`, table(['Signature', 'Owner', 'Reason', 'Expires'], entryRows(stale), 'stale'));
  return section('gate', `Gate: ${gate.passed ? 'passed' : 'failed'}`, parts.join('\n'));
}

// An HTML page holds more than a PR comment; past this many decision values the tail is folded.
const MATRIX_LABELS = 16;

export function decisionsSection(report: ReportV1): string {
  // No section rather than a matrix of (none) × (none): the page's nav then has no Decisions link either.
  if (!decisionsCompared(report)) return '';
  const { labels, cells } = decisionMatrix(report.decisions, MATRIX_LABELS);
  const head = `<tr><th class="corner">legacy ↓ / candidate →</th>${labels.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = labels.map((legacy) => {
    const row = labels.map((candidate) => {
      const cell = cells.get(decisionCell(legacy, candidate));
      const count = cell?.count ?? 0;
      const severity = cell?.severity ?? null;
      const classes = [legacy === candidate ? 'same' : 'differs', severity ? `sev-${severity}` : '', count === 0 ? 'zero' : ''].filter(Boolean).join(' ');
      const mark = severity === 'critical' || severity === 'high' ? `<span class="mark" title="${severity}">${severity === 'critical' ? '‼' : '!'}</span> ` : '';
      const attrs = `class="${classes}" data-legacy="${escapeHtml(legacy)}" data-candidate="${escapeHtml(candidate)}" data-count="${count}"${severity ? ` data-severity="${severity}"` : ''}`;
      return `<td ${attrs}>${mark}${formatCount(count)}</td>`;
    });
    return `<tr><th>${escapeHtml(legacy)}</th>${row.join('')}</tr>`;
  });
  const legend = `<p class="legend">${badge('sev-critical', '‼ critical')} ${badge('sev-high', '! high')} ${badge('sev-medium', 'medium')} ${badge('sev-low', 'low')}: severity of a legacy → candidate change.</p>`;
  return section('decisions', 'Decisions', `<table class="matrix"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>\n${legend}`);
}

export function latencySection(report: ReportV1): string {
  const { legacy, candidate, ratio, throughput, histograms, legacySource } = report.latency;
  const keys: readonly (keyof LatencySummary)[] = ['p50', 'p90', 'p99', 'p999', 'max', 'mean'];
  // A side with no answer has no latency: a dash, not a 0.00 that reads as instant.
  const side = (name: string, s: LatencySummary): Cell[] => [name, formatCount(s.count), ...keys.map((k) => (s.count === 0 ? '—' : formatMs(s[k])))];
  // The report's own ratio is authoritative where it has one; the other columns are derived alike.
  const ratioOf = (k: keyof LatencySummary): string => formatRatio(k === 'p50' ? ratio.p50 : k === 'p99' ? ratio.p99 : latencyRatio(legacy[k], candidate[k]));
  const rows = [side(`legacy${legacySource === 'recorded' ? ' (recorded)' : ''}`, legacy), side('candidate', candidate), ['candidate / legacy', '', ...keys.map(ratioOf)]];
  const chart = svgHistogram(
    [
      { label: 'legacy', histogram: histograms.legacy, className: 'series-legacy' },
      { label: 'candidate', histogram: histograms.candidate, className: 'series-candidate' },
    ],
    'Replay timings histogram, legacy and candidate',
  );
  return section(
    'latency',
    'Replay timings',
    `<p class="muted">${escapeHtml(REPLAY_TIMINGS_NOTE)}</p>\n${table(['Side', 'Count', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'mean ms'], rows, 'latency')}\n<p>Throughput: ${formatCount(throughput)} exchanges/s</p>\n<figure>${chart}</figure>`,
  );
}

function pre(text: string, className = ''): string {
  // escapeHtml shows control characters from captured bodies, which would be invisible in the page.
  return `<pre${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</pre>`;
}

function answer(name: string, a: ReportGroup['examples'][number]['legacy']): string {
  const status = a.status === null ? 'no answer' : `status ${a.status}`;
  const content = a.error !== undefined ? pre(`transport error: ${a.error}`, 'error') : pre(a.body || '(empty body)');
  return `<div><h5>${escapeHtml(name)}: ${escapeHtml(status)}</h5>${content}</div>`;
}

function groupHtml(g: ReportGroup, index: number, kind: 'group' | 'noise-group'): string {
  const codes = [
    ...g.codesAdded.map((c) => `<span class="code added">+${escapeHtml(c)}</span>`),
    ...g.codesRemoved.map((c) => `<span class="code removed">−${escapeHtml(c)}</span>`),
  ].join(' ');
  const decisions = g.legacyDecision !== null || g.candidateDecision !== null ? `<span class="decisions">${escapeHtml(g.legacyDecision ?? '—')} → ${escapeHtml(g.candidateDecision ?? '—')}</span>` : '';
  const summary = `<summary>${badge(`cat-${g.category}`, g.category)} ${badge(`sev-${g.severity}`, g.severity)} <span class="count" title="exchanges">${formatCount(g.count)}×</span> <code class="signature">${escapeHtml(g.signature)}</code><br><span class="meta"><code class="endpoint">${escapeHtml(g.endpoint)}</code> ${decisions} ${codes}</span></summary>`;
  const paths = g.bodyPaths.length > 0 ? `<p>Differing paths: ${g.bodyPaths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}</p>` : '';
  const changes = groupChangeLines(g).map((line) => `<p class="changes"><code>${escapeHtml(line)}</code></p>`).join('');
  const examples = g.examples.map((e) => {
    const target = e.request.query ? `${e.request.path}?${e.request.query}` : e.request.path;
    return `<div class="example"><h4>Example #${e.seq}: <code>${escapeHtml(e.request.method)} ${escapeHtml(target)}</code></h4>${e.request.body ? pre(e.request.body, 'request') : ''}<div class="answers">${answer('legacy', e.legacy)}${answer('candidate', e.candidate)}</div><h5>Diff</h5>${pre(e.diff, 'diff')}</div>`;
  });
  const none = examples.length === 0 ? '<p class="muted">No example kept.</p>' : '';
  return `<details class="${kind}" id="${kind}-${index}" data-category="${escapeHtml(g.category)}" data-endpoint="${escapeHtml(g.endpoint)}" data-count="${g.count}">${summary}<div class="body">${paths}${changes}${examples.join('')}${none}</div></details>`;
}

export function groupsSection(report: ReportV1): string {
  const groups = report.groups;
  const options = (values: readonly string[]): string => [...new Set(values)].sort().map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
  const filters = `<div class="filters" id="filters"><label>Category <select id="filter-category"><option value="">all</option>${options(groups.map((g) => g.category))}</select></label> <label>Endpoint <select id="filter-endpoint"><option value="">all</option>${options(groups.map((g) => g.endpoint))}</select></label> <span id="filter-status" aria-live="polite">${groups.length} of ${groups.length} groups shown</span></div>`;
  const ungrouped = report.ungroupedMismatches > 0 ? `<p class="warn" id="ungrouped">${report.ungroupedMismatches} more mismatched exchanges beyond the group cap are counted in the categories but not grouped.</p>` : '';
  const legend = `<p class="legend">${CHANGE_SEVERITIES.map(([severity, meaning]) => `${badge(`sev-${severity}`, severity)} ${escapeHtml(meaning)}`).join(' · ')}${decisionsCompared(report) ? ' (decision changes: see Decisions)' : ''}</p>`;
  const body = groups.length === 0 ? '<p class="muted">No mismatch groups.</p>' : `${filters}\n${legend}\n<div id="group-list">${groups.map((g, i) => groupHtml(g, i, 'group')).join('\n')}</div>`;
  return section('groups', `Mismatch groups (${groups.length})`, `${body}\n${ungrouped}`);
}

export function noiseSection(report: ReportV1): string {
  if (report.noise.length === 0 && report.noiseGroups.length === 0) return '';
  const parts: string[] = [];
  if (report.noise.length > 0) {
    parts.push(
      table(
        ['Endpoint', 'Path', 'Exchanges', 'Sampled', 'Share', 'Ignored'],
        report.noise.map((n) => [raw(`<code>${escapeHtml(n.endpoint)}</code>`), raw(`<code>${escapeHtml(n.path)}</code>`), formatCount(n.exchanges), formatCount(n.sampled), formatPercent(n.share * 100), n.excluded ? 'yes' : 'no']),
        'noise',
      ),
    );
  }
  if (report.noiseGroups.length > 0) {
    parts.push(`<h3>Groups explained by noise (counted as matches)</h3>`, report.noiseGroups.map((g, i) => groupHtml(g, i, 'noise-group')).join('\n'));
  }
  return section('noise', 'Noise (legacy vs secondary)', parts.join('\n'));
}
