import type { Location } from '../util/json-path.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** The letters a JSON escape may name after its backslash (`\"`, `\n`, …); `\u` is checked apart. */
const SIMPLE_ESCAPES = new Set([QUOTE, BACKSLASH, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const LETTER_U = 0x75;

/**
 * The container levels above the scan position, reused between calls (the scan never re-enters):
 * for an object the byte range of its current key, for an array its current index.
 */
const inArray: boolean[] = [];
const keyStart: number[] = [];
const keyEnd: number[] = [];
const index: number[] = [];

/** Past this many differing strings the scan gives up: the full comparison is as cheap by then. */
export const MAX_DIFFERING_STRINGS = 16;

/**
 * Compares two JSON texts byte by byte and tells, without parsing the second, whether they are the
 * same document but for the content of some string values (at most MAX_DIFFERING_STRINGS): then
 * their locations, `'identical'` when no byte differs, undefined otherwise (a difference in a key,
 * a number, the structure, a string of the second text that is not valid JSON, or anything this
 * scan does not prove).
 *
 * `a` must be a valid JSON text (one JSON.parse accepted). Between differing strings both texts
 * are the same bytes (at an offset that each differing string moves), so they have the same
 * structure there: one scan of `a` gives each differing string and where it sits. From its
 * opening quote on, `b`'s string is read on its own (escapes, validity) to its closing quote, and
 * the scan goes on from both closing quotes: the two texts then have the same tokens but for those
 * strings, and `b` is valid JSON because `a` is.
 *
 * The bytes are compared in this same loop: finding the first difference first with native
 * comparisons (halving the range) was faster alone but slower in the compare loop (bench/README.md).
 */
export function differingStrings(a: Buffer, b: Buffer): Location[] | 'identical' | undefined {
  let depth = 0;
  let expectKey = false;
  /** Where `b` is ahead of `a`: each differing string moves it by the difference of their lengths. */
  let shift = 0;
  let found: Location[] | undefined;
  const end = a.length;
  let i = 0;
  while (i < end) {
    const c = a[i];
    if (c !== b[i + shift]) return undefined;
    if (c === QUOTE) {
      const start = i;
      let j = i + 1;
      let differs = false;
      for (;;) {
        const x = a[j];
        if (x !== b[j + shift]) {
          differs = true;
          break;
        }
        if (x === QUOTE) break;
        if (x === BACKSLASH) {
          j++;
          if (a[j] !== b[j + shift]) {
            differs = true;
            break;
          }
        }
        j++;
      }
      if (differs) {
        if (expectKey || (found?.length ?? 0) === MAX_DIFFERING_STRINGS) return undefined;
        const closeA = closingQuote(a, start + 1, false);
        const closeB = closingQuote(b, start + shift + 1, true);
        if (closeA === -1 || closeB === -1) return undefined;
        (found ??= []).push(locationAt(a, depth));
        shift = closeB - closeA;
        i = closeA + 1;
        continue;
      }
      if (expectKey) {
        keyStart[depth - 1] = start;
        keyEnd[depth - 1] = j;
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      inArray[depth] = c === OPEN_ARRAY;
      index[depth] = 0;
      depth++;
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      expectKey = false;
    } else if (c === COMMA) {
      if (inArray[depth - 1]) index[depth - 1] = (index[depth - 1] ?? 0) + 1;
      else expectKey = true;
    }
    i++;
  }
  if (b.length !== a.length + shift) return undefined;
  return found ?? 'identical';
}

/** Where the scan of `a` stands, `depth` containers deep: keys read from `a`, indexes counted. */
function locationAt(a: Uint8Array, depth: number): Location {
  const location: (string | number)[] = [];
  for (let level = 0; level < depth; level++) location.push(inArray[level] ? (index[level] ?? 0) : keyAt(a, keyStart[level] ?? 0, keyEnd[level] ?? 0));
  return location;
}

/**
 * The index of the quote closing the string whose content starts at `from`, or -1; when `strict`,
 * also -1 for content JSON does not allow (a raw control character, an unknown escape).
 */
function closingQuote(text: Uint8Array, from: number, strict: boolean): number {
  let j = from;
  while (j < text.length) {
    const x = text[j] ?? 0;
    if (x === QUOTE) return j;
    if (x === BACKSLASH) {
      const e = text[j + 1] ?? 0;
      if (e === LETTER_U) {
        if (strict && !(isHex(text[j + 2]) && isHex(text[j + 3]) && isHex(text[j + 4]) && isHex(text[j + 5]))) return -1;
        j += 6;
        continue;
      }
      if (strict && !SIMPLE_ESCAPES.has(e)) return -1;
      j += 2;
      continue;
    }
    if (strict && x < 0x20) return -1;
    j++;
  }
  return -1;
}

function isHex(x: number | undefined): boolean {
  return x !== undefined && ((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66));
}

/** The key whose JSON string spans `[open, close]` (both quotes), as JSON.parse reads it. */
function keyAt(text: Uint8Array, open: number, close: number): string {
  const raw = Buffer.from(text.buffer, text.byteOffset + open, close + 1 - open);
  return raw.includes(BACKSLASH) ? (JSON.parse(raw.toString('utf8')) as string) : raw.toString('utf8', 1, raw.length - 1);
}
