import { describe, expect, test } from 'vitest';
import { matchesPath, parseJsonPath } from '../../src/util/json-path.js';
import { rewriteJsonScalars } from '../../src/util/json-rewrite.js';

describe('rewriteJsonScalars', () => {
  test('visits every scalar with its location and keeps untouched bytes exactly', () => {
    const seen: string[] = [];
    const text = '{"a": [1, "x", {"b": true}], "c":null , "d":"\\u00e9"}';
    const out = rewriteJsonScalars(text, ({ location, value }) => {
      seen.push(`${location.join('.')}=${JSON.stringify(value)}`);
      return undefined;
    });
    expect(out).toBe(text);
    expect(seen).toEqual(['a.0=1', 'a.1="x"', 'a.2.b=true', 'c=null', 'd="é"']);
  });

  test('replaces only the visited tokens', () => {
    expect(rewriteJsonScalars('{ "n" : 1.50, "s": "keep" }', ({ raw }) => (raw === '1.50' ? '2' : undefined))).toBe('{ "n" : 2, "s": "keep" }');
  });

  test.each(['{"a":}', '[1,2', '{"a" 1}', '"open', '{} x', ''])('rejects %j', (bad) => {
    expect(() => rewriteJsonScalars(bad, () => undefined)).toThrow(SyntaxError);
  });
});

describe('JSON paths', () => {
  test.each([
    ['$.card.number', ['card', 'number'], true],
    ['$.card.number', ['card', 'number', 'x'], false],
    ['$..number', ['a', 'b', 'number'], true],
    ['$..card.number', ['x', 'card', 'number'], true],
    ['$.items[*].id', ['items', 3, 'id'], true],
    ['$.items[1].id', ['items', 3, 'id'], false],
    ["$['odd key'].x", ['odd key', 'x'], true],
  ] as const)('%s matches %j: %s', (path, location, expected) => {
    expect(matchesPath(parseJsonPath(path), location)).toBe(expected);
  });

  test.each(['card.number', '$.', '$[x]'])('refuses %j with the position', (bad) => {
    expect(() => parseJsonPath(bad)).toThrow(/JSON path/);
  });
});
