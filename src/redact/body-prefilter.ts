import { asBase64Text } from './content/base64-body.js';
import { LONGEST_NAME_WORDS, NAME_TRIGGER_WORDS, wordsMayNameSensitive, wordsOf, type NameVocabulary } from './field-names.js';
import type { ScrubSettings } from './scrub-context.js';

/** Digits a run must hold before card evidence looks at it (the shortest card considered). */
const CARD_DIGITS = 13;
/** The shortest text the base64 probe of the engine decodes. */
const BASE64_RUN = 16;

/**
 * Whether a body (its content, already decoded from its Content-Encoding, read as UTF-8) can be
 * proved to hold nothing the redaction engine would change, without walking it: printable ASCII
 * only (no UTF-16, no byte the engine would read another way), no escape the engine decodes
 * (`%xx`, JSON's `\u…`), no run of digits and card separators long enough to be a card, no word
 * that could make a name sensitive, and no base64 the engine would decode to text. False means
 * "may hold something": the body is walked in full. It only ever answers true for text every part
 * of which the engine would leave as it is, so skipping the walk never changes what is stored.
 */
export function provablyClean(bytes: Uint8Array, settings: ScrubSettings): boolean {
  if (settings.cardPaths.length > 0 || settings.dropPaths.length > 0 || settings.maskPaths.length > 0) return false;
  const length = bytes.byteLength;
  /** [start, end) of every run of base64 characters long enough for the engine to probe. */
  const base64Runs: number[] = [];
  /** [start, end) of every word (as wordsOf splits a text), and the indexes of those that may begin a sensitive name. */
  const words: number[] = [];
  const triggers: number[] = [];
  let digits = 0;
  let base64Start = -1;
  let wordStart = -1;
  let previous = OTHER;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? (bytes[i] as number) : 0x20;
    if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c > 0x7e) return false;
    if (c === 0x25 || c === 0x5c) return false;
    const kind = CHAR_KIND[c] as number;
    // Digits joined by anything a card is written with (space - . +) count as one run.
    if (kind === DIGIT) {
      if (++digits >= CARD_DIGITS) return false;
    } else if (c !== 0x20 && c !== 0x2d && c !== 0x2e && c !== 0x2b) digits = 0;
    if (kind !== OTHER || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f) {
      if (base64Start < 0) base64Start = i;
    } else if (base64Start >= 0) {
      if (i - base64Start >= BASE64_RUN) {
        // Base64 wrapped in lines: the engine joins them before decoding, so no run alone says.
        if (c === 0x0a || c === 0x0d) return false;
        base64Runs.push(base64Start, i);
      }
      base64Start = -1;
    }
    // Word boundaries exactly as wordsOf: non-alphanumerics, `aB`, `1B`, and `ABc` (before the B).
    const boundary =
      kind === OTHER ||
      (kind === UPPER && (previous === LOWER || previous === DIGIT || (previous === UPPER && i + 1 < length && CHAR_KIND[bytes[i + 1] as number] === LOWER)));
    if (boundary && wordStart >= 0) {
      if (isTrigger(bytes, wordStart, i)) {
        // A sensitive word on its own (`card`, `cvv`, `token`) settles it here: most bodies that hold one say so early.
        if (wordsMayNameSensitive([latin1Lower(bytes, wordStart, i)], NO_CONFIGURED_NAMES)) return false;
        triggers.push(words.length);
      }
      words.push(wordStart, i);
      wordStart = -1;
    }
    if (kind !== OTHER && wordStart < 0) wordStart = i;
    previous = kind;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
  const word = (w: number) => text.slice(words[w] as number, words[w + 1] as number).toLowerCase();
  for (const at of triggers) {
    // The trigger and the words after it that one name could still take in.
    const window: string[] = [];
    let letters = 0;
    for (let w = at; w < words.length && (window.length < 2 || letters < LONGEST_NAME_WORDS); w += 2) {
      window.push(word(w));
      letters += (words[w + 1] as number) - (words[w] as number);
    }
    if (wordsMayNameSensitive(window, NO_CONFIGURED_NAMES)) return false;
  }
  if (settings.vocabulary.credentialNames.size > 0 && wordsMayNameSensitive(wordsOf(text), settings.vocabulary)) return false;
  for (let r = 0; r < base64Runs.length; r += 2) {
    if (mayDecodeToText(text, base64Runs[r] as number, base64Runs[r + 1] as number)) return false;
  }
  return true;
}

const OTHER = 0;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const CHAR_KIND = new Uint8Array(256);
for (let c = 0x41; c <= 0x5a; c++) CHAR_KIND[c] = UPPER;
for (let c = 0x61; c <= 0x7a; c++) CHAR_KIND[c] = LOWER;
for (let c = 0x30; c <= 0x39; c++) CHAR_KIND[c] = DIGIT;

function latin1Lower(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1').toLowerCase();
}

const NO_CONFIGURED_NAMES: NameVocabulary = { credentialNames: new Set(), notCredentialNames: new Set() };

/** A word's length and first two letters (lower case), which is all a first look needs. */
const wordKey = (length: number, first: number, second: number): number => (length << 16) | ((first | 0x20) << 8) | (second | 0x20);
const TRIGGER_KEYS: ReadonlySet<number> = new Set([...NAME_TRIGGER_WORDS].map((w) => wordKey(w.length, w.charCodeAt(0), w.length > 1 ? w.charCodeAt(1) : 0)));
const LONGEST_TRIGGER = Math.max(...[...NAME_TRIGGER_WORDS].map((w) => w.length));

/** Whether bytes[start, end), a word, may be one of NAME_TRIGGER_WORDS (decided by length and first letters: a superset). */
function isTrigger(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length > LONGEST_TRIGGER) return false;
  return TRIGGER_KEYS.has(wordKey(length, bytes[start] as number, length > 1 ? (bytes[start + 1] as number) : 0));
}

/**
 * Whether a value the engine would probe as base64 could stand at [start, end): the run itself,
 * or the run without the `+` a form decodes to a space at either end, each with the `=` padding
 * that follows it.
 */
function mayDecodeToText(text: string, start: number, end: number): boolean {
  let padding = 0;
  while (padding < 2 && text.charCodeAt(end + padding) === 0x3d) padding++;
  let innerStart = start;
  let innerEnd = end;
  while (innerStart < innerEnd && text.charCodeAt(innerStart) === 0x2b) innerStart++;
  while (innerEnd > innerStart && text.charCodeAt(innerEnd - 1) === 0x2b) innerEnd--;
  for (const [from, to] of innerStart === start && innerEnd === end ? [[start, end]] : [[start, end], [innerStart, innerEnd]]) {
    const run = text.slice(from as number, to as number);
    for (let pad = 0; pad <= padding; pad++) if (asBase64Text(run + '='.repeat(pad)) !== undefined) return true;
  }
  return false;
}
