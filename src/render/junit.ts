import type { GateOutcome, PolicyResult } from '../gate/outcome.js';
import type { ReportGroup, ReportV1 } from '../report/model.js';
import { answerLabel, captureName, formatCount as n, groupChangeLines, runScope, visibleControls } from './format.js';
import type { RenderContext, Renderer } from './renderer.js';

/**
 * One test case per mismatch group, so CI shows each root cause as a failing test and its history
 * across builds; one per gate policy beside them.
 */
export const junitRenderer: Renderer = {
  format: 'junit',
  fileName: 'junit.xml',
  render: renderJunit,
};

export interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly outcome: { readonly kind: 'passed' } | { readonly kind: 'failure' | 'skipped'; readonly message: string; readonly type?: string; readonly body?: string };
}

function renderJunit(report: ReportV1, context: RenderContext): string {
  const cases = [...groupCases(report, context.gate), ...(context.gate ? gateCases(context.gate) : [])];
  if (report.totals.mismatched === 0) cases.unshift({ classname: 'parity', name: 'all exchanges match', outcome: { kind: 'passed' } });
  const failures = cases.filter((c) => c.outcome.kind === 'failure').length;
  const skipped = cases.filter((c) => c.outcome.kind === 'skipped').length;
  const time = (report.run.durationMs / 1000).toFixed(3);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="parity" ${counts} time="${time}">`,
    `  <testsuite name="parity" ${counts} skipped="${skipped}" time="${time}" timestamp="${attr(report.run.startedAt)}">`,
    '    <properties>',
    ...properties(report, context).map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
    '    </properties>',
    ...cases.map(testCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function properties(report: ReportV1, context: RenderContext): [string, string][] {
  return [
    ['capture', captureName(report)],
    ['legacy', report.run.legacy],
    ['candidate', report.run.candidate],
    ['scope', runScope(report)],
    ['compared', String(report.totals.compared)],
    ['mismatched', String(report.totals.mismatched)],
    ['parity-percent', String(report.totals.parityPercent)],
    ...(context.reportPath !== undefined ? [['report', context.reportPath] as [string, string]] : []),
  ];
}

function groupCases(report: ReportV1, gate: GateOutcome | undefined): TestCase[] {
  const allowed = new Map(gate?.allowList.allowed.map((a) => [a.signature, a.entry]));
  const cases = report.groups.map((g): TestCase => {
    const entry = allowed.get(g.signature);
    // An allowed group is a known, owned difference: shown, but not a failure the gate did not count.
    if (entry) return { classname: 'parity.groups', name: g.signature, outcome: { kind: 'skipped', message: `allowed until ${entry.expires} (${entry.owner}): ${entry.reason}` } };
    return { classname: 'parity.groups', name: g.signature, outcome: { kind: 'failure', message: `${g.signature}: ${n(g.count)} exchanges`, type: g.category, body: groupBody(g) } };
  });
  if (report.ungroupedMismatches > 0) {
    const message = `${n(report.ungroupedMismatches)} mismatches beyond the group cap`;
    cases.push({ classname: 'parity.groups', name: 'ungrouped mismatches', outcome: { kind: 'failure', message, type: 'ungrouped', body: `${message}: they are counted in the report's categories but not grouped.` } });
  }
  return cases;
}

function groupBody(g: ReportGroup): string {
  const lines = [`severity: ${g.severity}`, `category: ${g.category}`, `endpoint: ${g.endpoint}`, `count: ${n(g.count)}`];
  if (g.legacyDecision !== null || g.candidateDecision !== null) lines.push(`decision: ${g.legacyDecision ?? '(none)'} → ${g.candidateDecision ?? '(none)'}`);
  if (g.codesAdded.length > 0) lines.push(`codes added: ${g.codesAdded.join(', ')}`);
  if (g.codesRemoved.length > 0) lines.push(`codes removed: ${g.codesRemoved.join(', ')}`);
  lines.push(...groupChangeLines(g));
  const e = g.examples[0];
  if (e) {
    lines.push('', `example: exchange ${e.seq}, ${e.request.method} ${e.request.path}${e.request.query ? `?${e.request.query}` : ''}`, `legacy ${answerLabel(e.legacy)}, candidate ${answerLabel(e.candidate)}`);
    if (e.diff !== '') lines.push('', e.diff);
    if (e.request.body !== '') lines.push('', 'request body:', e.request.body);
  }
  return lines.join('\n');
}

export function gateCases(gate: GateOutcome): TestCase[] {
  return gate.policies.map(
    (p: PolicyResult): TestCase => ({
      classname: 'parity.gate',
      name: p.name,
      outcome: p.passed ? { kind: 'passed' } : { kind: 'failure', message: p.detail, type: 'gate', body: gateBody(p, gate) },
    }),
  );
}

function gateBody(p: PolicyResult, gate: GateOutcome): string {
  const lines = [p.detail, `actual: ${p.actual ?? 'n/a'}`, `limit: ${p.limit}`];
  for (const e of gate.allowList.expired) lines.push(`expired allow-list entry: ${e.signature} (${e.owner}, expired ${e.expires}): ${e.reason}`);
  return lines.join('\n');
}

export function testCase(c: TestCase): string {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="0"`;
  const o = c.outcome;
  if (o.kind === 'passed') return `${open}/>`;
  if (o.kind === 'skipped') return `${open}>\n      <skipped message="${attr(o.message)}"/>\n    </testcase>`;
  const type = o.type !== undefined ? ` type="${attr(o.type)}"` : '';
  return `${open}>\n      <failure message="${attr(o.message)}"${type}>${text(o.body ?? '')}</failure>\n    </testcase>`;
}

// ---------------------------------------------------------------------------------------------
// Every string may come from captured traffic; XML 1.0 cannot even carry some of it.

/** Not allowed anywhere in XML 1.0: C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF. */
const ILLEGAL_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Control characters and bidi overrides shown as `\u202e` escapes, as on the terminal, so a name cannot read as another. */
export function xmlText(value: string): string {
  return visibleControls(value).replace(ILLEGAL_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: quotes escaped, and line breaks and tabs as references so parsers keep them. */
export function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const text = (value: string) => xmlText(value).replace(/\r/g, '&#13;');
const attr = xmlAttr;
