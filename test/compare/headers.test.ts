import { describe, expect, test } from 'vitest';
import { createComparator, type Verdict } from '../../src/compare/classify.js';
import { resolveCompare, type CompareOptions } from '../../src/compare/settings.js';
import { SideView } from '../../src/compare/side.js';

const reply = (headers: [string, string][], body: unknown = { ok: true }, status = 200): SideView =>
  new SideView({ kind: 'answer', status, headers: [['content-type', 'application/json'], ...headers], body: Buffer.from(JSON.stringify(body)), truncated: false, latencyUs: 100 });
const bare = (headers: [string, string][], status = 302): SideView => new SideView({ kind: 'answer', status, headers, body: Buffer.alloc(0), truncated: false, latencyUs: 100 });

const REST: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };
function compare(legacy: SideView, candidate: SideView, options: CompareOptions = {}, secondary?: SideView): Verdict {
  return createComparator(resolveCompare({ ...REST, ...options }), []).compare(legacy, candidate, secondary);
}

describe('headers that matter are compared', () => {
  test('content-type and location by default, named like paths, with both values', () => {
    const v = compare(bare([['location', '/login'], ['content-type', 'text/plain']]), bare([['location', '/signin'], ['content-type', 'text/html']]));
    expect(v.category).toBe('body');
    expect(v.bodyPaths).toEqual(['header content-type', 'header location']);
    expect(v.changes).toContainEqual({ path: 'header location', values: ['/login', '/signin'] });
  });

  test('the host of an absolute location and the charset of a media type do not count', () => {
    const a = bare([['location', 'http://127.0.0.1:4001/next?x=1'], ['content-type', 'text/plain; charset=utf-8']]);
    const b = bare([['location', 'http://127.0.0.1:5002/next?x=1'], ['content-type', 'text/plain']]);
    expect(compare(a, b).category).toBe('match');
  });

  test('other headers only when configured; set-cookie by cookie names', () => {
    const a = reply([['cache-control', 'no-store'], ['set-cookie', 'sid=abc; Path=/'], ['set-cookie', 'theme=dark']]);
    const b = reply([['cache-control', 'max-age=60'], ['set-cookie', 'sid=xyz; Path=/; HttpOnly'], ['set-cookie', 'theme=light']]);
    expect(compare(a, b).category).toBe('match');
    expect(compare(a, b, { headers: ['Cache-Control', 'set-cookie'] }).bodyPaths).toEqual(['header cache-control']);
    const lost = reply([['set-cookie', 'sid=xyz']]);
    expect(compare(a, lost, { headers: ['set-cookie'] }).changes).toEqual([{ path: 'header set-cookie', values: ['sid, theme', 'sid'] }]);
  });

  test('ignore rules and the secondary apply to headers as to bodies', () => {
    const a = reply([['location', '/a']]);
    const b = reply([['location', '/b']]);
    expect(compare(a, b, { ignore: { headers: ['Location'] } }).category).toBe('match');
    const v = compare(a, b, {}, reply([['location', '/c']]));
    expect(v.category).toBe('match');
    expect(v.noisePaths).toEqual(['header location']);
  });
});
