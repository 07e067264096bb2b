import { describe, expect, test } from 'vitest';
import { matchesPath, parseJsonPath } from '../../src/util/json-path.js';
import { rewriteJsonScalars, type JsonScalar } from '../../src/util/json-rewrite.js';
import { Random } from '../../src/util/random.js';

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

  test.each(['{"a":}', '[1,2', '{"a" 1}', '"open', '{} x', '', '1.', '1e+', '-', '01', 'nul', '"a\\'])('rejects %j', (bad) => {
    expect(() => rewriteJsonScalars(bad, () => undefined)).toThrow(SyntaxError);
  });

  test('agrees with JSON.parse on generated documents and their near misses: the same scalars, in order, and the same refusals', () => {
    const random = new Random(15);
    for (let n = 0; n < 3_000; n++) {
      const doc = generatedJson(random, 0);
      const cut = doc.slice(0, Math.floor(random.next() * doc.length));
      for (const text of [doc, ` ${doc}\n`, cut, doc.replace(/[,:]/, ''), doc.replace(/\d/, '-'), doc.replace('.', '.e'), doc.replace('true', 'tru'), `${doc} x`]) {
        let expected: string[] | 'refused';
        try {
          expected = scalarsOf(JSON.parse(text), []);
        } catch {
          expected = 'refused';
        }
        let seen: string[] | 'refused' = [];
        try {
          const visited: string[] = [];
          const visit = (s: JsonScalar) => {
            // The raw token is the value as written: `-0` stays -0, an escaped string decodes to it.
            expect(Object.is(JSON.parse(s.raw), s.value), s.raw).toBe(true);
            visited.push(described(s.location, s.value));
            return undefined;
          };
          expect(rewriteJsonScalars(text, visit)).toBe(text);
          seen = visited;
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
          seen = 'refused';
        }
        expect(seen, text).toEqual(expected);
      }
    }
  });

  test('partial mode forgives only the end: what is broken earlier is still refused, and a string cut short is replaced without its closing quote', () => {
    expect(() => rewriteJsonScalars('{"a": tru, "bbbbbbbbbbbb": 1', () => undefined, { partial: true })).toThrow(SyntaxError);
    expect(rewriteJsonScalars('{"card": "4111 1111', ({ value }) => (value === '4111 1111' ? '"X"' : undefined), { partial: true })).toBe('{"card": "X');
    expect(rewriteJsonScalars('{"n": -0, "k": 1', ({ raw }) => (raw === '-0' ? '0' : undefined), { partial: true })).toBe('{"n": 0, "k": 1');
  });

  test('a document cut anywhere, walked as partial (a body cut at a cap), is never refused and visits its scalars up to the cut', () => {
    const random = new Random(16);
    for (let n = 0; n < 1_000; n++) {
      const doc = generatedJson(random, 0);
      const whole: string[] = [];
      rewriteJsonScalars(doc, (s) => void whole.push(JSON.stringify(s.location)));
      for (let cut = 0; cut <= doc.length; cut++) {
        const text = doc.slice(0, cut);
        const seen: string[] = [];
        expect(rewriteJsonScalars(text, (s) => void seen.push(JSON.stringify(s.location)), { partial: true }), text).toBe(text);
        // Every scalar visited is the document's, in order, but the last: a token cut short (`12` of
        // `123`, or a key cut inside its quotes, visited as a string so its content is still cleaned).
        expect(seen.slice(0, -1), text).toEqual(whole.slice(0, Math.max(0, seen.length - 1)));
      }
    }
  });
});

const STRINGS = ['', 'a', 'é', '\\"', '\\\\', '\\u00e9', 'x\\ny', '4111111111111111', 'end\\\\', '\\/'];
/** Distinct: JSON.parse keeps only the last of a repeated key, the walker visits both. */
const KEYS = ['a', 'card', 'n\\u0041', 'x y'];
const NUMBERS = ['0', '-0', '7', '-12', '1.5', '1e5', '1E-3', '-0.25e+10', '12345678901234567'];

/** A random JSON document with escapes, every number form and odd whitespace. */
function generatedJson(random: Random, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next() * list.length)] as T;
  const space = () => pick(['', ' ', '\n', ' \t ']);
  const roll = random.next();
  if (depth > 3 || roll < 0.4) return pick([`"${pick(STRINGS)}"`, pick(NUMBERS), 'true', 'false', 'null']);
  const count = Math.floor(random.next() * 4);
  if (roll < 0.7) return `{${space()}${KEYS.slice(0, count).map((key) => `"${key}"${space()}:${space()}${generatedJson(random, depth + 1)}`).join(`${space()},${space()}`)}${space()}}`;
  return `[${space()}${Array.from({ length: count }, () => generatedJson(random, depth + 1)).join(',')}${space()}]`;
}

function scalarsOf(value: unknown, location: (string | number)[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => scalarsOf(v, [...location, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => scalarsOf(v, [...location, k]));
  return [described(location, value as JsonScalar['value'])];
}

const described = (location: readonly (string | number)[], value: JsonScalar['value']): string => `${JSON.stringify(location)}=${typeof value}:${String(value)}`;

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
