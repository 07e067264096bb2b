import { decisionCell } from '../compare/aggregate.js';
import { CATEGORIES, type Example, type Severity } from '../report/model.js';
import { allowedExchanges, type GateOutcome } from '../gate/outcome.js';
import type { ReportGroup, ReportV1 } from '../report/model.js';
import {
  answerLabel,
  captureName,
  escapeHtml,
  formatCount as n,
  formatMs,
  formatPercent,
  formatRatio,
  formatSeconds,
  gateSummary,
  groupChangeLines,
  headLines,
  latencyRatio,
  oneLine,
  parityVerdict,
  runScope,
  truncate,
  visibleControls,
} from './format.js';
import { decisionMatrix } from './decision-matrix.js';
import { CHANGE_SEVERITIES, decisionsCompared } from './severity-legend.js';
import { performanceMarkdown } from './performance-markdown.js';
import { REPLAY_TIMINGS_NOTE } from './performance-rows.js';
import type { RenderContext, Renderer } from './renderer.js';

/**
 * Under GitHub's limits with room to spare: a PR comment holds 65,536 characters, a step summary
 * 1 MiB. Everything but the group examples is capped by construction; the examples get what is left.
 */
export const MARKDOWN_MAX_BYTES = 60_000;

const TOP_GROUPS = 5;
const DIFF_LINES = 40;
const REQUEST_LINES = 10;
const LINE_CHARS = 200;
const SIGNATURE_CHARS = 200;
const SUMMARY_SIGNATURE_CHARS = 120;
const LABEL_CHARS = 40;
/** Decision values are whatever the services answered: a matrix of hundreds would swamp the summary. */
// Decisions shown per axis of the matrix; the rest fold into (other).
const MATRIX_LABELS = 8;
const LIST_ITEMS = 10;
/** Policies are a handful by design; the cap only keeps a hand-written config from breaking the bound. */
const MAX_POLICIES = 30;

const SEVERITY_MARK: Readonly<Record<Severity, string>> = { critical: '🔴', high: '🟠', medium: '🟡', low: '⚪' };

export const markdownRenderer: Renderer = {
  format: 'md',
  fileName: 'report.md',
  render: renderMarkdown,
};

function renderMarkdown(report: ReportV1, context: RenderContext): string {
  const head = [
    verdictSection(report, context.gate),
    totalsSection(report),
    decisionsSection(report),
    latencySection(report),
    context.gate ? gateSection(context.gate) : '',
    noiseSection(report),
  ].filter((s) => s !== '');
  const performance = report.performance ? [performanceMarkdown(report.performance, '###')] : [];
  const footer = footerLine(report, context.reportPath);
  const fixed = byteLength([...head, ...performance, footer].join('\n\n')) + 6;
  const groups = groupsSection(report, context.gate, MARKDOWN_MAX_BYTES - fixed);
  return `${[...head, ...(groups ? [groups] : []), ...performance, footer].join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Escaping. Every string of a report may come from captured traffic (signatures, decisions, paths,
// bodies). Outside code blocks it is escaped so that it renders as the text it is; inside, the
// fence is made longer than any backtick run of the content, so the content cannot close it.

/**
 * Text in Markdown prose or a table cell: HTML escaped, and the punctuation that would start
 * emphasis, code, links, strikethrough, math or a new cell backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return noMentions(escapeHtml(oneLine(text)).replace(/[\\`*_[\]|~$!#]/g, '\\$&'));
}

/**
 * `@name` and `@org/team` would notify people when the report is pasted into a pull request: a
 * word joiner after the `@` keeps the text as it reads and stops the mention (code blocks never
 * mention, so fenced content keeps its bytes).
 */
export function noMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, '@\u2060');
}

/** A fenced block the content cannot close: the fence is longer than its longest backtick run. */
export function fenced(language: string, content: string): string {
  const longestRun = (content.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${visibleControls(content)}\n${fence}`;
}

const md = (text: string, max = LABEL_CHARS) => escapeMarkdown(truncate(text, max));

function table(headers: readonly string[], align: readonly ('l' | 'r' | 'c')[], rows: readonly (readonly string[])[]): string {
  const rule = align.map((a) => (a === 'r' ? '---:' : a === 'c' ? ':---:' : '---'));
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

// ---------------------------------------------------------------------------------------------

function verdictSection(report: ReportV1, gate: GateOutcome | undefined): string {
  const parity = parityVerdict(report);
  const lines = ['## Parity report', ''];
  if (gate) lines.push(`**Gate: ${gate.passed ? 'PASSED' : 'FAILED'}** — ${gateSummary(gate)}`, '');
  lines.push(`${parity.passed ? '✅' : '❌'} **${parity.text}**`, '');
  const legacy = report.run.legacy === 'recorded' ? 'recorded answers' : md(report.run.legacy, 200);
  lines.push(`Capture ${md(captureName(report), 200)} · candidate ${md(report.run.candidate, 200)} · legacy ${legacy} · ${runScope(report)} · ${formatSeconds(report.run.durationMs)}`);
  return lines.join('\n');
}

function totalsSection(report: ReportV1): string {
  const t = report.totals;
  const share = (count: number) => (t.compared === 0 ? '—' : formatPercent(Math.round((count / t.compared) * 10_000) / 100));
  const lines = [
    '### Totals',
    '',
    table(['Exchanges', 'Compared', 'Matched', 'Differ', 'Parity'], ['r', 'r', 'r', 'r', 'r'], [[n(t.exchanges), n(t.compared), n(t.matched), `**${n(t.mismatched)}**`, `**${formatPercent(t.parityPercent)}**`]]),
    '',
    table(['Category', 'Exchanges', 'Share'], ['l', 'r', 'r'], CATEGORIES.map((c) => [c, n(report.categories[c]), share(report.categories[c])])),
  ];
  const skipped = Object.entries(t.skipped);
  if (skipped.length > 0) lines.push('', `Not replayed: ${skipped.slice(0, LIST_ITEMS).map(([why, count]) => `${n(count)} (${md(why, 80)})`).join(' · ')}`);
  if (report.ungroupedMismatches > 0) lines.push('', `${n(report.ungroupedMismatches)} mismatches fell beyond the group cap: counted above, not grouped below.`);
  const missing = t.credentials?.missing ?? 0;
  if (missing > 0) lines.push('', `${n(missing)} exchanges went out without their credentials (removed at record time, or sealed and replayed without PARITY_SEAL_KEY): a session endpoint may answer 401 where it answered 200.`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

function decisionsSection(report: ReportV1): string {
  if (!decisionsCompared(report)) return '';
  const { labels, cells } = decisionMatrix(report.decisions, MATRIX_LABELS);
  const rows = labels.map((legacy) => [
    `**${md(legacy)}**`,
    ...labels.map((candidate) => {
      const cell = cells.get(decisionCell(legacy, candidate));
      if (!cell || cell.count === 0) return '0';
      return cell.severity ? `**${n(cell.count)}** ${SEVERITY_MARK[cell.severity]}` : n(cell.count);
    }),
  ]);
  return [
    '### Decisions',
    '',
    table(['legacy ↓ · candidate →', ...labels.map((l) => md(l))], ['l', ...labels.map(() => 'r' as const)], rows),
    '',
    `${SEVERITY_MARK.critical} critical: the candidate approves what legacy refused · ${SEVERITY_MARK.high} high: the candidate refuses what legacy approved · ${SEVERITY_MARK.medium} medium: another change of decision`,
  ].join('\n');
}

function latencySection(report: ReportV1): string {
  const { legacy, candidate, legacySource, throughput } = report.latency;
  const keys = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
  const side = (s: typeof legacy) => keys.map((k) => (s.count > 0 ? formatMs(s[k]) : '—'));
  return [
    '### Replay timings (ms)',
    '',
    REPLAY_TIMINGS_NOTE,
    '',
    table(
      ['', 'p50', 'p90', 'p99', 'p99.9', 'max'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      [
        [`legacy${legacySource === 'recorded' ? ' (recorded)' : ''}`, ...side(legacy)],
        ['candidate', ...side(candidate)],
        ['candidate / legacy', ...keys.map((k) => formatRatio(latencyRatio(legacy[k], candidate[k])))],
      ],
    ),
    '',
    `Throughput: ${n(throughput)} req/s (${n(report.totals.compared)} exchanges in ${formatSeconds(report.run.durationMs)}).${legacySource === 'recorded' ? ' Legacy latencies are those measured at record time.' : ''}`,
  ].join('\n');
}

function gateSection(gate: GateOutcome): string {
  const lines = [
    '### Gate',
    '',
    table(['Policy', 'Result', 'Detail'], ['l', 'c', 'l'], gate.policies.slice(0, MAX_POLICIES).map((p) => [md(p.name, 80), p.passed ? '✅' : '❌', md(p.detail, 300)])),
  ];
  const { expired, stale, allowed } = gate.allowList;
  const entries = (title: string, list: readonly GateOutcome['allowList']['expired'][number][]) => {
    if (list.length === 0) return;
    lines.push('', title);
    for (const e of list.slice(0, LIST_ITEMS)) lines.push(`- ${md(e.signature, SIGNATURE_CHARS)} — ${md(e.owner, 80)}: ${md(e.reason, 200)} (expires ${md(e.expires, 20)})`);
    if (list.length > LIST_ITEMS) lines.push(`- … and ${list.length - LIST_ITEMS} more`);
  };
  entries('**Expired allow-list entries** (they allow nothing and fail the gate):', expired);
  entries('**Stale allow-list entries** (they match no group: remove them):', stale);
  if (allowed.length > 0) lines.push('', `Allowed by the allow-list: ${n(allowed.length)} groups, ${n(allowedExchanges(gate.allowList))} exchanges.`);
  return lines.join('\n');
}

function noiseSection(report: ReportV1): string {
  const excluded = report.noise.filter((x) => x.excluded);
  if (excluded.length === 0 && report.noiseGroups.length === 0) return '';
  const lines = [
    '<details>',
    `<summary>Noise: ${n(excluded.length)} paths ignored, ${n(report.noiseGroups.length)} groups counted as matches</summary>`,
    '',
    ...excluded.slice(0, LIST_ITEMS).map((x) => `- ${md(x.endpoint, 80)} ${md(x.path, 120)}: differed between legacy and secondary on ${n(x.exchanges)} of ${n(x.sampled)} exchanges`),
    ...(excluded.length > LIST_ITEMS ? [`- … and ${excluded.length - LIST_ITEMS} more`] : []),
    '',
    '</details>',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

function groupsSection(report: ReportV1, gate: GateOutcome | undefined, budget: number): string {
  if (report.groups.length === 0) return '';
  const allowed = new Set(gate?.allowList.allowed.map((a) => a.signature));
  const top = report.groups.slice(0, TOP_GROUPS);
  const more = report.groups.length - top.length;
  const head = [
    '### Top groups',
    '',
    table(
      ['#', 'Exchanges', 'Severity', 'Signature'],
      ['r', 'r', 'l', 'l'],
      top.map((g, i) => [String(i + 1), `**${n(g.count)}**`, `${SEVERITY_MARK[g.severity]} ${g.severity}${allowed.has(g.signature) ? ' (allowed)' : ''}`, md(g.signature, SIGNATURE_CHARS)]),
    ),
    ...(more > 0 ? ['', `… and ${n(more)} more ${more === 1 ? 'group' : 'groups'} in the report.`] : []),
    '',
    CHANGE_SEVERITIES.map(([severity, meaning]) => `${SEVERITY_MARK[severity]} ${severity}: ${meaning}`).join(' · '),
  ].join('\n');
  const omittedNote = '_Examples left out to keep this summary short: see the report._';
  let used = byteLength(head) + byteLength(omittedNote) + 4;
  const details: string[] = [];
  for (const [i, g] of top.entries()) {
    const block = groupDetails(g, i + 1);
    if (!block) continue;
    const size = byteLength(block) + 2;
    if (used + size > budget) return [head, ...details, omittedNote].join('\n\n');
    details.push(block);
    used += size;
  }
  return [head, ...details].join('\n\n');
}

function groupDetails(g: ReportGroup, rank: number): string | null {
  const example = g.examples[0];
  if (!example) return null;
  const summary = `#${rank} ${SEVERITY_MARK[g.severity]} ${n(g.count)} × ${truncate(g.signature, SUMMARY_SIGNATURE_CHARS)}`;
  const changes = groupChangeLines(g).map((line) => `- ${md(line, SIGNATURE_CHARS)}`);
  return ['<details>', `<summary>${noMentions(escapeHtml(oneLine(summary)))}</summary>`, '', ...(changes.length > 0 ? [...changes, ''] : []), ...exampleLines(example), '', '</details>'].join('\n');
}

function exampleLines(e: Example): string[] {
  const target = `${e.request.method} ${e.request.path}${e.request.query ? `?${e.request.query}` : ''}`;
  const lines = [`Example: exchange ${e.seq}, ${md(target, 200)} — legacy ${md(answerLabel(e.legacy), 140)}, candidate ${md(answerLabel(e.candidate), 140)}`];
  if (e.diff !== '') lines.push('', ...capped('diff', e.diff, DIFF_LINES));
  // As stored, lines unwrapped so the body can be copied and sent again (examples are already
  // capped at 2,000 characters); the diff is what a reviewer reads first.
  if (e.request.body !== '') lines.push('', 'Request body:', '', ...capped('', e.request.body, REQUEST_LINES, Infinity));
  return lines;
}

function capped(language: string, text: string, maxLines: number, maxLineChars = LINE_CHARS): string[] {
  const { lines, omitted } = headLines(text, maxLines, maxLineChars);
  return [fenced(language, lines.join('\n')), ...(omitted > 0 ? [`_… ${n(omitted)} more lines in the report_`] : [])];
}

function footerLine(report: ReportV1, reportPath: string | undefined): string {
  return `<sub>${reportPath !== undefined ? `Report ${md(reportPath, 300)} · ` : ''}parity ${md(report.tool.version)}</sub>`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
