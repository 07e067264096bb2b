import { luhnValid } from '../util/luhn.js';

/**
 * Card numbers found in free text by evidence: an issuer prefix and length of a real scheme, a
 * valid Luhn check digit, and a digit run that stands as a token of its own (not a piece of a hex
 * digest, UUID, IBAN, phone number or `ord_…` id).
 */

/** Issuer prefixes (single prefixes or inclusive ranges of equal width) and the lengths each allows. */
const SCHEMES: ReadonlyArray<{ readonly scheme: string; readonly prefixes: readonly string[]; readonly lengths: readonly number[] }> = [
  { scheme: 'Visa', prefixes: ['4'], lengths: [13, 16, 19] },
  { scheme: 'Mastercard', prefixes: ['51-55', '2221-2720'], lengths: [16] },
  { scheme: 'American Express', prefixes: ['34', '37'], lengths: [15] },
  { scheme: 'Discover', prefixes: ['6011', '644-649', '65', '622126-622925'], lengths: [16, 17, 18, 19] },
  { scheme: 'JCB', prefixes: ['3528-3589'], lengths: [16, 17, 18, 19] },
  { scheme: 'Diners Club', prefixes: ['300-305', '3095', '36', '38-39'], lengths: [14, 15, 16, 17, 18, 19] },
  { scheme: 'UnionPay', prefixes: ['62', '8100-8171'], lengths: [16, 17, 18, 19] },
  { scheme: 'Mir', prefixes: ['2200-2204'], lengths: [16, 17, 18, 19] },
  { scheme: 'Troy', prefixes: ['9792'], lengths: [16] },
  { scheme: 'Verve', prefixes: ['506099-506198', '650002-650027', '507865-507964'], lengths: [16, 18, 19] },
  { scheme: 'RuPay', prefixes: ['60', '65', '81-82', '508', '353', '356'], lengths: [16] },
  // Maestro's broad ranges overlap most others: last, so a more specific scheme of equal width wins.
  // Maestro numbers may have 12 digits; only 13-19 are ever considered here.
  { scheme: 'Maestro', prefixes: ['50', '56-69', '5018', '5020', '5038', '5893', '6304', '6759', '6761-6763'], lengths: [13, 14, 15, 16, 17, 18, 19] },
];

interface PrefixRange {
  readonly scheme: string;
  /** How many leading digits the range is about. */
  readonly width: number;
  readonly from: number;
  readonly to: number;
  /** Bit n set when n digits is an allowed length. */
  readonly lengths: number;
}

/** Longest (most specific) prefixes first; among equal widths, table order. */
const RANGES: readonly PrefixRange[] = SCHEMES.flatMap(({ scheme, prefixes, lengths }) =>
  prefixes.map((prefix): PrefixRange => {
    const [from = '', to = from] = prefix.split('-');
    if (!/^[1-9]\d{0,5}$/.test(from) || !/^\d+$/.test(to) || to.length !== from.length || Number(to) < Number(from)) {
      throw new Error(`card scheme ${scheme}: bad prefix range ${prefix}`);
    }
    let mask = 0;
    for (const length of lengths) if (length >= 13 && length <= 19) mask |= 1 << length;
    return { scheme, width: from.length, from: Number(from), to: Number(to), lengths: mask };
  }),
).sort((a, b) => b.width - a.width);

const DIGITS_13_TO_19 = /^\d{13,19}$/;

/** Per leading digit, the lengths (bit n for n digits) some range starting with that digit allows: a quick no. */
const LENGTHS_BY_FIRST_DIGIT: readonly number[] = Array.from({ length: 10 }, (_, digit) => {
  let mask = 0;
  for (const range of RANGES) {
    const scale = 10 ** (range.width - 1);
    if (Math.floor(range.from / scale) <= digit && digit <= Math.floor(range.to / scale)) mask |= range.lengths;
  }
  return mask;
});

/** The card scheme whose issuer prefix and length `digits` (decimal digits only) has, or undefined. */
export function cardSchemeOf(digits: string): string | undefined {
  const lengthBit = 1 << digits.length;
  if (((LENGTHS_BY_FIRST_DIGIT[digits.charCodeAt(0) - 48] ?? 0) & lengthBit) === 0 || !DIGITS_13_TO_19.test(digits)) return undefined;
  let width = 0;
  let prefix = 0;
  for (const range of RANGES) {
    if ((range.lengths & lengthBit) === 0) continue;
    if (range.width !== width) {
      width = range.width;
      prefix = Number(digits.slice(0, width));
    }
    if (prefix >= range.from && prefix <= range.to) return range.scheme;
  }
  return undefined;
}

/** A 13-19 digit string with a real scheme's issuer prefix and length, passing Luhn. */
export function isCardByEvidence(digits: string): boolean {
  return cardSchemeOf(digits) !== undefined && luhnValid(digits);
}

/** What a written card's digits are not: separators, the `%20` escape first. */
const NOT_CARD_DIGITS = /%20|\D/g;

/** Cheap pre-test: false means replaceCardsInText would certainly change nothing (e.g. fewer than 13 digits in total). */
export function mayHoldCard(text: string): boolean {
  return nextLongRun(text, 0) !== undefined;
}

/**
 * Every card number written in `text` replaced by `replace(written)`, where `written` is the card
 * exactly as it stands in the text, separators included (e.g. "4539 0000 0023 7570"). Returns
 * `text` itself (same string) when nothing was replaced.
 */
export function replaceCardsInText(text: string, replace: (written: string) => string): string {
  // Every card is found before `replace` runs: the callback sees them in text order.
  const spans: number[] = [];
  for (let run = nextLongRun(text, 0); run !== undefined; run = nextLongRun(text, run[1])) {
    findCardsInRun(text, run[0], run[1], spans);
  }
  if (spans.length === 0) return text;
  let out = '';
  let done = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i] as number;
    const end = spans[i + 1] as number;
    out += text.slice(done, start) + replace(text.slice(start, end));
    done = end;
  }
  return out + text.slice(done);
}

/**
 * The first maximal run at or after `from` of digits joined by single separators (space - . + or
 * `%20`) that holds at least 13 digits, as [start, end). One pass over the characters, no allocation
 * until a run is found; `from` must not be inside a run.
 */
function nextLongRun(text: string, from: number): [number, number] | undefined {
  const length = text.length;
  let start = -1;
  let digits = 0;
  for (let i = from; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (start < 0) {
        start = i;
        digits = 0;
      }
      digits++;
      continue;
    }
    if (start < 0) continue;
    if (c === SPACE || c === DASH || c === DOT || c === PLUS) {
      if (isDigit(text.charCodeAt(i + 1))) continue;
    } else if (c === PERCENT && text.charCodeAt(i + 1) === 0x32 && text.charCodeAt(i + 2) === 0x30 && isDigit(text.charCodeAt(i + 3))) {
      i += 2;
      continue;
    }
    if (digits >= 13) return [start, i];
    start = -1;
  }
  return start >= 0 && digits >= 13 ? [start, length] : undefined;
}

/** Pushes [start, end) of each card in the maximal run text[start, end) onto `spans`, in text order. */
function findCardsInRun(text: string, runStart: number, end: number, spans: number[]): void {
  let start = runStart;
  // A run whose first two digits finish a percent-escape (`%22`, `%2C`, `%20` before the card): the
  // escape is a character of its own, so the run starts after it (and after a separator that follows).
  if (start > 0 && text.charCodeAt(start - 1) === PERCENT && isDigit(text.charCodeAt(start + 1))) {
    start += 2;
    if (start < end && !isDigit(text.charCodeAt(start))) start += text.charCodeAt(start) === PERCENT ? 3 : 1;
    if (start >= end) return;
  }
  if (!standsAsToken(text, start, end)) return;

  const firstSpace = text.indexOf(' ', start);
  if (firstSpace === -1 || firstSpace >= end) {
    // One group (the common case: a bare number, an id, a timestamp): the whole run or nothing.
    if (isCardAsWritten(text.slice(start, end))) spans.push(start, end);
    return;
  }

  // Space-separated groups: group g is text[bounds[2g], bounds[2g + 1]) and holds sum[g + 1] - sum[g] digits.
  const bounds: number[] = [start];
  const sum: number[] = [0];
  let digits = 0;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
      i++;
    } else if (c === SPACE) {
      bounds.push(i, i + 1);
      sum.push(digits);
      i++;
    } else {
      i += c === PERCENT ? 3 : 1;
    }
  }
  bounds.push(end);
  sum.push(digits);

  // The whole run; else the longest prefix of whole groups, else the longest suffix. Cards one after
  // another in one run (`4539… 5105…`): what a prefix or suffix card leaves is searched the same way.
  const tail: number[] = [];
  let lo = 0;
  let hi = sum.length - 1;
  while (lo < hi) {
    if (groupsAreCard(text, bounds, sum, lo, hi)) {
      spans.push(bounds[2 * lo] as number, bounds[2 * hi - 1] as number);
      break;
    }
    let cut = -1;
    let longest = lo;
    while (longest + 1 < hi && (sum[longest + 1] as number) - (sum[lo] as number) <= 19) longest++;
    for (let to = longest; to > lo; to--) {
      if (groupsAreCard(text, bounds, sum, lo, to)) {
        cut = to;
        break;
      }
    }
    if (cut !== -1) {
      spans.push(bounds[2 * lo] as number, bounds[2 * cut - 1] as number);
      lo = cut;
      continue;
    }
    let earliest = hi;
    while (earliest - 1 > lo && (sum[hi] as number) - (sum[earliest - 1] as number) <= 19) earliest--;
    for (let from = earliest; from < hi; from++) {
      if (groupsAreCard(text, bounds, sum, from, hi)) {
        cut = from;
        break;
      }
    }
    if (cut === -1) break;
    tail.push(bounds[2 * hi - 1] as number, bounds[2 * cut] as number);
    hi = cut;
  }
  for (let i = tail.length - 1; i >= 0; i--) spans.push(tail[i] as number);
}

/** Whether groups [from, to) of a run (see findCardsInRun) are, as written together, a card. */
function groupsAreCard(text: string, bounds: readonly number[], sum: readonly number[], from: number, to: number): boolean {
  const digits = (sum[to] as number) - (sum[from] as number);
  return digits >= 13 && digits <= 19 && isCardAsWritten(text.slice(bounds[2 * from], bounds[2 * to - 1]));
}

/** Whether a card candidate, separators included, is a card: its digits are one, and it is not a decimal. */
function isCardAsWritten(written: string): boolean {
  const digits = written.replace(NOT_CARD_DIGITS, '');
  // One number with a single decimal point (`4.350000000000001`, a float printed in JSON) is not a card.
  if (written.length === digits.length + 1 && written.includes('.')) return false;
  return isCardByEvidence(digits);
}

const SPACE = 0x20;
const PLUS = 0x2b;
const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;

/**
 * True when text[start, end) is not glued to a word: not preceded by a letter, digit or `_`, nor by
 * `-`/`.` glued to one (`ab-4539…`), nor by a `+` that opens a phone number (`+4915…`); likewise after
 * it. A percent-escape next to the run (`%2F`, `%22`) counts as the character it encodes.
 */
function standsAsToken(text: string, start: number, end: number): boolean {
  const before = charBefore(text, start);
  if (before !== undefined) {
    if (isWordChar(before.code)) return false;
    const further = charBefore(text, before.at);
    if ((before.code === DASH || before.code === DOT) && further !== undefined && isWordChar(further.code)) return false;
    // `+4915123456789` is a phone number; `paid+with+4539…` is a form-encoded space between words.
    if (before.code === PLUS && (further === undefined || !isWordChar(further.code))) return false;
  }
  const after = charAt(text, end);
  if (after !== undefined) {
    if (isWordChar(after.code)) return false;
    if (after.code === DASH || after.code === DOT) {
      const further = charAt(text, after.next);
      if (further !== undefined && isWordChar(further.code)) return false;
    }
  }
  return true;
}

/** The character ending just before `i` (a percent-escape decoded) and where it starts. */
function charBefore(text: string, i: number): { code: number; at: number } | undefined {
  if (i <= 0) return undefined;
  if (i >= 3 && text.charCodeAt(i - 3) === PERCENT && isHex(text.charCodeAt(i - 2)) && isHex(text.charCodeAt(i - 1))) {
    return { code: Number.parseInt(text.slice(i - 2, i), 16), at: i - 3 };
  }
  const code = text.charCodeAt(i - 1);
  if (code >= 0xdc00 && code <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return { code: ((high - 0xd800) << 10) + (code - 0xdc00) + 0x10000, at: i - 2 };
  }
  return { code, at: i - 1 };
}

/** The character starting at `i` (a percent-escape decoded) and where the next one starts. */
function charAt(text: string, i: number): { code: number; next: number } | undefined {
  if (i >= text.length) return undefined;
  if (text.charCodeAt(i) === PERCENT && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
    return { code: Number.parseInt(text.slice(i + 1, i + 3), 16), next: i + 3 };
  }
  const code = text.codePointAt(i) as number;
  return { code, next: i + (code > 0xffff ? 2 : 1) };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const NON_ASCII_WORD = /^[\p{L}\p{N}\p{M}]$/u;

/** A letter, digit or `_` (any script). */
function isWordChar(c: number): boolean {
  if (c < 0x80) return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  return NON_ASCII_WORD.test(String.fromCodePoint(c));
}
