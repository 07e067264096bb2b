import { shownBody } from '../../src/compare/bodies/shown.js';
import { createHash } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { bodyDifferences, type ComparedBody } from '../../src/compare/bodies/differences.js';
import { bodyComparerFor } from '../../src/compare/bodies/registry.js';
import { createComparator, type Verdict } from '../../src/compare/classify.js';
import { renderDiff } from '../../src/compare/diff.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';
import type { HeaderList } from '../../src/core/exchange.js';

const view = (body: Uint8Array | string, headers: HeaderList = [], truncated = false) =>
  new SideView({ kind: 'answer', status: 200, headers, body: typeof body === 'string' ? Buffer.from(body) : body, truncated, latencyUs: 1 });
const typed = (type: string, body: Uint8Array | string, encoding?: string) => view(body, encoding ? [['content-type', type], ['content-encoding', encoding]] : [['content-type', type]]);

const bodyOf = (v: SideView): ComparedBody => {
  const comparer = bodyComparerFor(v);
  return { view: v, comparer, body: comparer.comparable(v, (json) => json) };
};

const NO_DECISION: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };
const comparator = (options: CompareOptions = NO_DECISION) => createComparator(resolveCompare(options), []);
const compare = (legacy: SideView, candidate: SideView, options?: CompareOptions): Verdict => comparator(options).compare(legacy, candidate);

const JSON_BODY = JSON.stringify({ decision: 'approve', amount: 1250, items: Array.from({ length: 50 }, (_, i) => ({ sku: `sku-${i}`, qty: i })) });
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);

describe('bodies are compared after undoing their Content-Encoding', () => {
  test('gzip level 1 against level 9, brotli against gzip, deflate (raw) against none: the same JSON matches', () => {
    const level1 = typed('application/json', gzipSync(JSON_BODY, { level: 1 }), 'gzip');
    const level9 = typed('application/json', gzipSync(JSON_BODY, { level: 9 }), 'gzip');
    expect(Buffer.compare(level1.reply.kind === 'answer' ? level1.reply.body : new Uint8Array(), level9.reply.kind === 'answer' ? level9.reply.body : new Uint8Array())).not.toBe(0);
    expect(compare(level1, level9).category).toBe('match');
    expect(compare(typed('application/json', brotliCompressSync(JSON_BODY), 'br'), level1).category).toBe('match');
    expect(compare(typed('application/json', deflateRawSync(JSON_BODY), 'deflate'), typed('application/json', JSON_BODY)).category).toBe('match');
  });

  test('a real difference inside compressed JSON names the field, and the decision is read from it', () => {
    const changed = JSON_BODY.replace('1250', '1251');
    const v = compare(typed('application/json', gzipSync(JSON_BODY), 'gzip'), typed('application/json', brotliCompressSync(changed), 'br'), {});
    expect(v).toMatchObject({ category: 'body', bodyPaths: ['$.amount'] });
    expect(v.legacy.decision).toBe('approve');
  });

  test('a body that does not decode is compared as the bytes sent, and the path says so', () => {
    const corrupt = typed('application/json', Buffer.from('not gzip at all'), 'gzip');
    expect(compare(corrupt, typed('application/json', gzipSync(JSON_BODY), 'gzip')).bodyPaths).toEqual(['(body: undecodable gzip)']);
    expect(compare(corrupt, typed('application/json', Buffer.from('not gzip at all'), 'gzip')).category).toBe('match');
    expect(compare(typed('text/plain', 'abc', 'compress'), typed('text/plain', 'abd', 'compress')).bodyPaths).toEqual(['(body: undecodable compress)']);
    expect(shownBody(corrupt)).toMatch(/^\(gzip body that does not decode\) binary, 15 bytes, sha256 [0-9a-f]{64}$/);
  });

  test('a body cut at the byte cap decodes as far as it goes', () => {
    const whole = gzipSync('line\n'.repeat(5_000));
    const cut = view(whole.subarray(0, Math.floor(whole.length / 2)), [['content-type', 'text/plain'], ['content-encoding', 'gzip']], true);
    expect(cut.undecodable()).toBeUndefined();
    expect(shownBody(cut).startsWith('line\nline\n')).toBe(true);
  });
});

describe('bodies are compared by media type', () => {
  test('JSON keeps its field paths; for the body, parameters such as charset do not count (the header check names them)', () => {
    expect(compare(typed('application/json', '{"a":1,"b":2}'), typed('application/json', '{"b":3,"a":1}')).bodyPaths).toEqual(['$.b']);
    const legacy = typed('application/json', '{"a":1}');
    const candidate = typed('application/json; charset=utf-8', '{"a":1}');
    expect(bodyDifferences(bodyOf(legacy), bodyOf(candidate))).toEqual([]);
  });

  test('a change of media type is a finding on its own', () => {
    expect(compare(typed('application/json', '{"a":1}'), typed('text/html', '<p>a</p>')).bodyPaths).toEqual(['(content-type) application/json→text/html']);
    expect(compare(typed('application/json', '{"a":1}'), view('plain words')).bodyPaths).toEqual(['(content-type) application/json→(none)']);
    // Undeclared JSON is JSON to the body comparison (the header check still names the missing type).
    expect(bodyDifferences(bodyOf(typed('application/json', '{"a":1}')), bodyOf(view('{"a":1}')))).toEqual([]);
    expect(bodyDifferences(bodyOf(typed('application/json', '{"a":1}')), bodyOf(view('{"a":2}')))).toEqual(['$.a']);
  });

  test('binary: one changed byte of a PNG is a difference, by digest, never as text', () => {
    const changed = Buffer.from(PNG);
    changed[20] = 8;
    expect(compare(typed('image/png', PNG), typed('image/png', Buffer.from(PNG))).category).toBe('match');
    expect(compare(typed('image/png', PNG), typed('image/png', changed)).bodyPaths).toEqual(['(binary: bytes differ)']);
    expect(compare(typed('image/png', PNG), typed('image/png', PNG.subarray(1))).bodyPaths).toEqual(['(binary: length differs)']);
    const sha = createHash('sha256').update(changed).digest('hex');
    expect(shownBody(typed('image/png', changed))).toBe(`binary, ${PNG.length} bytes, sha256 ${sha}`);
    const c = comparator();
    const diff = renderDiff(c.normalised(typed('image/png', PNG), 'legacy'), c.normalised(typed('image/png', changed), 'candidate'));
    expect(diff).toContain(`+ binary, ${PNG.length} bytes, sha256 ${sha}`);
    expect(diff).not.toContain('\ufffd');
  });

  test('undeclared bytes that are not UTF-8 are binary too', () => {
    const changed = Buffer.from(PNG);
    changed[0] = 0x88;
    expect(compare(view(PNG), view(changed)).bodyPaths).toEqual(['(binary: bytes differ)']);
  });

  test('a form is a multiset of fields: order does not matter, a changed value names its field', () => {
    const form = 'application/x-www-form-urlencoded';
    expect(compare(typed(form, 'amount=10&currency=EUR&tag=a&tag=b'), typed(form, 'tag=b&currency=EUR&amount=10&tag=a')).category).toBe('match');
    expect(compare(typed(form, 'amount=10&currency=EUR'), typed(form, 'currency=EUR&amount=11')).bodyPaths).toEqual(['form.amount']);
    expect(compare(typed(form, 'amount=10'), typed(form, 'amount=10&amount=10')).bodyPaths).toEqual(['form.amount']);
  });

  test('text is compared line by line: a few changed lines are named, many are summarised', () => {
    const page = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const edit = (at: number[]) => page.map((l, i) => (at.includes(i) ? `${l}!` : l)).join('\n');
    expect(compare(typed('text/plain', page.join('\n')), typed('text/plain', page.join('\r\n'))).category).toBe('match');
    expect(compare(typed('text/html', page.join('\n')), typed('text/html', edit([11]))).bodyPaths).toEqual(['line 12']);
    expect(compare(typed('text/csv', page.join('\n')), typed('text/csv', edit([0, 1, 2, 3]))).bodyPaths).toEqual(['(text: more than 3 lines differ)']);
    expect(compare(typed('application/xml', page.join('\n')), typed('application/xml', `${page.join('\n')}\nextra`)).bodyPaths).toEqual(['(text: lines added or removed)']);
  });

  test('text in a declared charset is read in it', () => {
    const latin1 = view(Buffer.from('café', 'latin1'), [['content-type', 'text/plain; charset=iso-8859-1']]);
    expect(shownBody(latin1)).toBe('café');
    expect(bodyDifferences(bodyOf(latin1), bodyOf(typed('text/plain; charset=utf-8', 'café')))).toEqual([]);
  });

  test('compressed text shows decoded in reports', () => {
    const v = typed('text/plain', gzipSync('hello\nworld'), 'gzip');
    expect(shownBody(v)).toBe('hello\nworld');
    expect(comparator().normalised(v, 'legacy')).toBe('hello\nworld');
  });

  test('compared headers still count beside a non-JSON body', () => {
    const a = view('same', [['content-type', 'text/plain'], ['x-v', '1']]);
    const b = view('same', [['content-type', 'text/plain'], ['x-v', '2']]);
    expect(compare(a, b, { ...NO_DECISION, headers: ['x-v'] }).bodyPaths).toEqual(['header x-v']);
  });
});
