import type { Location } from './json-path.js';

/** A scalar found in JSON text: its location, its decoded value and its raw token. */
export interface JsonScalar {
  /** Valid only during the visit (it is the walker's own stack, not a copy): copy it to keep it. */
  readonly location: Location;
  readonly value: string | number | boolean | null;
  readonly raw: string;
}

/** Thrown to stop a partial rewrite at the end of its text. */
const END = Symbol('end of partial JSON');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A string token's value; only tokens with escapes need the full JSON decoder. */
function decodeString(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Whether text[at] is escaped: an odd number of backslashes stands right before it. */
function escapedAt(text: string, at: number): boolean {
  let before = 0;
  while (at - before - 1 >= 0 && text.charCodeAt(at - before - 1) === BACKSLASH) before++;
  return before % 2 === 1;
}

/** A string token cut at the end of the text, less an escape cut in half (`\`, `\u00`): what is left decodes. */
function withoutCutEscape(cut: string): string {
  const unicode = /\\u[0-9a-fA-F]{0,3}$/.exec(cut);
  if (unicode && !escapedAt(cut, unicode.index)) return cut.slice(0, unicode.index);
  return cut.endsWith('\\') && !escapedAt(cut, cut.length - 1) ? cut.slice(0, -1) : cut;
}

export interface RewriteOptions {
  /** Replacement JSON text for an object key's raw token (quotes included), or undefined to keep it. */
  readonly key?: (raw: string, location: Location) => string | undefined;
  /**
   * The text is a prefix of a document (a body cut at a size cap): reaching its end inside a value
   * is not an error, and a string cut short is still visited as if it were closed there.
   */
  readonly partial?: boolean;
}

/**
 * Rewrites scalars of a JSON document in place: every byte the visitor does not replace stays
 * exactly as it was (whitespace, key order, number spelling), which a parse/stringify round trip
 * would not keep. The visitor returns replacement JSON text for a scalar, or undefined to keep it.
 * Throws on text that is not JSON.
 *
 * The recorder's store worker runs this over every request body it cannot prove clean, so it
 * reads characters as codes and finds a string's end with indexOf: no string is made for a
 * character, a literal or a match.
 */
export function rewriteJsonScalars(text: string, visit: (scalar: JsonScalar) => string | undefined, options: RewriteOptions = {}): string {
  const length = text.length;
  const out: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const path: (string | number)[] = [];

  const ws = (): number => {
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    return c;
  };
  const fail = (what: string): never => {
    // A body cut at a cap ends in the middle of a token: `tru`, `1.`, `"a" :`.
    if (options.partial && i >= length - 8) throw END;
    throw new SyntaxError(`invalid JSON at position ${i}: ${what}`);
  };
  /** The string token starting at i (a quote), i moved past it. */
  const stringToken = (): string => {
    const start = i;
    let quote = text.indexOf('"', start + 1);
    // A quote preceded by an odd number of backslashes is escaped: look further.
    while (quote !== -1 && escapedAt(text, quote)) quote = text.indexOf('"', quote + 1);
    if (quote === -1) {
      i = length;
      if (!options.partial) fail('unterminated string');
      // Cut inside the string: visit what there is, closed, so the visitor sees the value's start.
      const cut = withoutCutEscape(text.slice(start));
      const replacement = visit({ location: path, value: decodeString(`${cut}"`), raw: `${cut}"` });
      if (replacement !== undefined) {
        // The replacement's closing quote goes too: the stored text stays a prefix.
        out.push(text.slice(copiedUpTo, start), replacement.replace(/"$/, ''));
        copiedUpTo = length;
      }
      throw END;
    }
    i = quote + 1;
    return text.slice(start, i);
  };
  /** The number, true, false or null starting at i, i moved past it; undefined when there is none. */
  const literal = (c: number): string | undefined => {
    const start = i;
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      if (!text.startsWith(word, i)) return undefined;
      i += word.length;
      return word;
    }
    // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?, each optional part taken only when whole.
    if (c === 0x2d) c = text.charCodeAt(++i);
    if (c === 0x30) i++;
    else if (isDigit(c)) while (isDigit(text.charCodeAt(++i)));
    else return undefined;
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    c = text.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      let e = i + 1;
      const sign = text.charCodeAt(e);
      if (sign === 0x2b || sign === 0x2d) e++;
      if (isDigit(text.charCodeAt(e))) {
        while (isDigit(text.charCodeAt(++e)));
        i = e;
      }
    }
    return text.slice(start, i);
  };
  const scalar = (raw: string, value: JsonScalar['value'], start: number): void => {
    const replacement = visit({ location: path, value, raw });
    if (replacement === undefined) return;
    out.push(text.slice(copiedUpTo, start), replacement);
    copiedUpTo = start + raw.length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    const c = ws();
    const start = i;
    if (c === 0x7b) {
      i++;
      if (ws() === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        if (ws() !== QUOTE) fail('expected a key');
        const keyStart = i;
        const rawKey = stringToken();
        const newKey = options.key?.(rawKey, path);
        if (newKey !== undefined) {
          out.push(text.slice(copiedUpTo, keyStart), newKey);
          copiedUpTo = keyStart + rawKey.length;
        }
        path.push(decodeString(rawKey));
        if (ws() !== 0x3a) fail('expected ":"');
        i++;
        value(depth + 1);
        path.pop();
        const next = ws();
        if (next === 0x2c) i++;
        else if (next === 0x7d) return void i++;
        else fail('expected "," or "}"');
      }
    }
    if (c === 0x5b) {
      i++;
      if (ws() === 0x5d) {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        value(depth + 1);
        path.pop();
        const next = ws();
        if (next === 0x2c) i++;
        else if (next === 0x5d) return void i++;
        else fail('expected "," or "]"');
      }
    }
    if (c === QUOTE) {
      const raw = stringToken();
      return scalar(raw, decodeString(raw), start);
    }
    const raw = literal(c);
    if (raw === undefined) {
      i = start;
      return fail('unexpected character');
    }
    scalar(raw, raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number(raw), start);
  };

  try {
    value(0);
    ws();
    if (i !== length) fail('trailing characters');
  } catch (error) {
    if (error !== END) throw error;
  }
  if (out.length === 0) return text;
  out.push(text.slice(copiedUpTo));
  return out.join('');
}
