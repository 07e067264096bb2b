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

/** A number, true, false or null, matched where the walker stands (sticky). */
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** A string token's value; only tokens with escapes need the full JSON decoder. */
function decodeString(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
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
 */
export function rewriteJsonScalars(text: string, visit: (scalar: JsonScalar) => string | undefined, options: RewriteOptions = {}): string {
  const out: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  const path: (string | number)[] = [];

  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const fail = (what: string): never => {
    // A body cut at a cap ends in the middle of a token: `tru`, `1.`, `"a" :`.
    if (options.partial && i >= text.length - 8) throw END;
    throw new SyntaxError(`invalid JSON at position ${i}: ${what}`);
  };
  const stringToken = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      if (!options.partial) fail('unterminated string');
      // Cut inside the string: visit what there is, closed, so the visitor sees the value's start.
      const cut = text.slice(start).replace(/\\(u[0-9a-fA-F]{0,3})?$/, '');
      const replacement = visit({ location: path, value: decodeString(`${cut}"`), raw: `${cut}"` });
      // The replacement's closing quote goes too: the stored text stays a prefix.
      out.push(text.slice(copiedUpTo, start), replacement === undefined ? cut : replacement.replace(/"$/, ''));
      copiedUpTo = text.length;
      throw END;
    }
    i++;
    return text.slice(start, i);
  };
  const scalar = (raw: string, value: JsonScalar['value'], start: number) => {
    const replacement = visit({ location: path, value, raw });
    if (replacement === undefined) return;
    out.push(text.slice(copiedUpTo, start), replacement);
    copiedUpTo = start + raw.length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    ws();
    const c = text[i];
    const start = i;
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const keyStart = i;
        const rawKey = stringToken();
        const newKey = options.key?.(rawKey, path);
        if (newKey !== undefined) {
          out.push(text.slice(copiedUpTo, keyStart), newKey);
          copiedUpTo = keyStart + rawKey.length;
        }
        path.push(decodeString(rawKey));
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]"');
      }
    }
    if (c === '"') {
      const raw = stringToken();
      return scalar(raw, decodeString(raw), start);
    }
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(text);
    if (!m) fail('unexpected character');
    const raw = (m as RegExpExecArray)[0];
    i += raw.length;
    scalar(raw, JSON.parse(raw) as JsonScalar['value'], start);
  };

  try {
    value(0);
    ws();
    if (i !== text.length) fail('trailing characters');
  } catch (error) {
    if (error !== END) throw error;
  }
  if (out.length === 0) return text;
  out.push(text.slice(copiedUpTo));
  return out.join('');
}
