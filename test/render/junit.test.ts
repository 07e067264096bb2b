import { beforeAll, describe, expect, test } from 'vitest';
import type { GateOutcome } from '../../src/gate/outcome.js';
import type { ReportV1 } from '../../src/report/model.js';
import { formatCount } from '../../src/render/format.js';
import { junitRenderer, xmlAttr, xmlText } from '../../src/render/junit.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';

let report: ReportV1;
let xml: string;

beforeAll(async () => {
  report = await sampleReport();
  xml = junitRenderer.render(report, {});
}, 60_000);

const GATE: GateOutcome = {
  passed: false,
  policies: [
    { name: 'max-decision-mismatches', passed: false, actual: 7, limit: 0, detail: '7 decision mismatches, at most 0 allowed <gate>' },
    { name: 'min-parity-percent', passed: true, actual: 99.9, limit: 99.5, detail: 'parity 99.9% ≥ 99.5%' },
  ],
  allowList: { allowed: [], expired: [], stale: [] },
};

interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+);/g;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(ENTITY, (_, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? '')));
const CHARACTERS = /^(?:[^<&\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|&(?:amp|lt|gt|quot|apos|#\d+);)*$/;

/**
 * Just enough of an XML parser for what the renderer emits (no dependency has one): the
 * declaration, elements with double-quoted attributes, and text. Throws on anything not well formed.
 */
function parseXml(source: string): XmlElement {
  const body = source.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  expect(body).not.toBe(source);
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (let at = 0; at < body.length; at = token.lastIndex) {
    token.lastIndex = at;
    const m = token.exec(body);
    if (!m) throw new Error(`not well formed at ${at}: ${body.slice(at, at + 60)}`);
    const [, closing, name = '', attrText = '', selfClosing, text] = m;
    const parent = stack.at(-1);
    if (text !== undefined) {
      if (!CHARACTERS.test(text)) throw new Error(`bad character data: ${text.slice(0, 60)}`);
      if (!parent) {
        if (text.trim() !== '') throw new Error('text outside the root');
      } else parent.text += decode(text);
      continue;
    }
    if (closing) {
      if (stack.pop()?.name !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key = '', value = ''] of attrText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key in attrs) throw new Error(`duplicate attribute ${key}`);
      if (!CHARACTERS.test(value)) throw new Error(`bad attribute value: ${value.slice(0, 60)}`);
      attrs[key] = decode(value);
    }
    const element: XmlElement = { name, attrs, children: [], text: '' };
    if (parent) parent.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements');
  return root;
}

function suiteOf(doc: XmlElement): XmlElement {
  expect(doc.name).toBe('testsuites');
  expect(doc.children).toHaveLength(1);
  const suite = doc.children[0];
  if (!suite) throw new Error('no testsuite');
  expect(suite.name).toBe('testsuite');
  expect(suite.attrs['name']).toBe('parity');
  return suite;
}

const cases = (suite: XmlElement) => suite.children.filter((c) => c.name === 'testcase');
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

function expectCountsMatch(doc: XmlElement): void {
  const suite = suiteOf(doc);
  const all = cases(suite);
  const failures = all.filter((c) => child(c, 'failure')).length;
  for (const e of [doc, suite]) {
    expect(e.attrs['tests']).toBe(String(all.length));
    expect(e.attrs['failures']).toBe(String(failures));
    expect(e.attrs['errors']).toBe('0');
  }
}

describe('junitRenderer', () => {
  test('is the junit format written to junit.xml', () => {
    expect(junitRenderer.format).toBe('junit');
    expect(junitRenderer.fileName).toBe('junit.xml');
  });

  test('is well-formed XML with one failing test case per group, counts matching', () => {
    const doc = parseXml(xml);
    expectCountsMatch(doc);
    const groupCases = cases(suiteOf(doc)).filter((c) => c.attrs['classname'] === 'parity.groups');
    expect(groupCases.map((c) => c.attrs['name'])).toEqual(report.groups.map((g) => g.signature));
    for (const [i, g] of report.groups.entries()) {
      const failure = groupCases[i] && child(groupCases[i], 'failure');
      expect(failure?.attrs['message']).toBe(`${g.signature}: ${formatCount(g.count)} exchanges`);
      expect(failure?.attrs['type']).toBe(g.category);
      expect(failure?.text).toContain(`severity: ${g.severity}`);
      expect(failure?.text).toContain(`endpoint: ${g.endpoint}`);
      expect(failure?.text).toContain(`count: ${formatCount(g.count)}`);
      expect(failure?.text).toContain(g.examples[0]?.diff);
    }
  });

  test('puts the run duration in the time attributes', () => {
    const doc = parseXml(xml);
    const time = (report.run.durationMs / 1000).toFixed(3);
    expect(doc.attrs['time']).toBe(time);
    expect(suiteOf(doc).attrs['time']).toBe(time);
  });

  test('escapes hostile strings: they come back intact through a parser, never as markup', () => {
    expect(xml).not.toMatch(/<script|<img|<\/script/i);
    const first = cases(suiteOf(parseXml(xml)))[0];
    expect(first?.attrs['name']).toContain(HOSTILE);
    expect(first && child(first, 'failure')?.text).toContain(HOSTILE);
    // No raw `<` inside any attribute value.
    for (const [, value] of xml.matchAll(/="([^"]*)"/g)) expect(value).not.toContain('<');
  });

  test('shows control characters and bidi overrides as escapes, strips what XML 1.0 cannot carry, keeps the rest', () => {
    const [first, ...rest] = report.groups;
    if (!first) throw new Error('sample report without a group');
    const nasty = `a\u0000b\u001b[31mc\u0008d\ud800e\udc00f\uffffg😀h\ti\u202egnp.exe`;
    const out = junitRenderer.render({ ...report, groups: [{ ...first, signature: nasty }, ...rest] }, {});
    const name = cases(suiteOf(parseXml(out)))[0]?.attrs['name'];
    expect(name).toBe('a\\u0000b\\u001b[31mc\\u0008defg😀h\ti\\u202egnp.exe');
    expect(xmlText('<&>"\'')).toBe('&lt;&amp;&gt;"\'');
    expect(xmlAttr('<&>"\'\n')).toBe('&lt;&amp;&gt;&quot;&apos;&#10;');
  });

  test('a gate outcome adds one test case per policy, failing with its detail when not passed', () => {
    const doc = parseXml(junitRenderer.render(report, { gate: GATE }));
    expectCountsMatch(doc);
    const gateCases = cases(suiteOf(doc)).filter((c) => c.attrs['classname'] === 'parity.gate');
    expect(gateCases.map((c) => c.attrs['name'])).toEqual(['max-decision-mismatches', 'min-parity-percent']);
    const [failed, passed] = gateCases;
    expect(failed && child(failed, 'failure')?.attrs['message']).toBe('7 decision mismatches, at most 0 allowed <gate>');
    expect(passed?.children).toEqual([]);
    expect(suiteOf(doc).attrs['failures']).toBe(String(report.groups.length + 1));
  });

  test('a group the allow-list allowed is skipped, not failed', () => {
    const [first] = report.groups;
    if (!first) throw new Error('sample report without a group');
    const entry = { signature: 'decision *', owner: 'team-payments', reason: 'fixed in the next release', expires: '2099-12-31' };
    const gate: GateOutcome = { passed: true, policies: [], allowList: { allowed: [{ signature: first.signature, count: first.count, entry }], expired: [], stale: [] } };
    const doc = parseXml(junitRenderer.render(report, { gate }));
    expectCountsMatch(doc);
    const allowed = cases(suiteOf(doc))[0];
    expect(allowed && child(allowed, 'failure')).toBeUndefined();
    expect(allowed && child(allowed, 'skipped')?.attrs['message']).toBe('allowed until 2099-12-31 (team-payments): fixed in the next release');
    expect(suiteOf(doc).attrs['skipped']).toBe('1');
  });

  test('without any mismatch nor gate: one passing test case', () => {
    const clean: ReportV1 = { ...report, groups: [], ungroupedMismatches: 0, totals: { ...report.totals, matched: report.totals.compared, mismatched: 0, parityPercent: 100 } };
    const doc = parseXml(junitRenderer.render(clean, {}));
    expectCountsMatch(doc);
    const all = cases(suiteOf(doc));
    expect(all).toHaveLength(1);
    expect(all[0]?.attrs).toMatchObject({ classname: 'parity', name: 'all exchanges match' });
    expect(all[0]?.children).toEqual([]);
  });
});
