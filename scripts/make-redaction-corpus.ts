/**
 * Writes test/fixtures/redaction/corpus.json, the redaction corpus the end-to-end recall test
 * (test/e2e/redaction-corpus.e2e.test.ts) sends through the recorder: card numbers, CVVs and
 * credentials in every placement (JSON, forms, query, path, headers, text, XML, multipart) under
 * every body encoding (identity, gzip, deflate, br, base64, UTF-16LE), and card-like numbers that
 * are NOT cards (timestamps, order ids, phone numbers, IBANs, hex digests, UUIDs, 12-digit numbers,
 * Luhn-invalid numbers under neutral names) that must be stored unchanged.
 *
 * Deterministic: `npx tsx scripts/make-redaction-corpus.ts` writes the same cases every time (a
 * seeded PRNG; the compressed bytes are zlib's, so a different zlib may compress differently).
 * Edit this, not the JSON; the corpus grows by adding placements, schemes or negatives here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { Random } from '../src/util/random.js';
import { luhnCheckDigit, luhnValid } from '../src/util/luhn.js';

export interface CorpusSecret {
  readonly kind: 'card' | 'cvv' | 'credential';
  /** What must never be found: a card's digits, a CVV's digits, a credential's characters. */
  readonly value: string;
  /** How the case writes it when that differs from `value` (a grouped card number). */
  readonly written?: string;
}

export interface CorpusCase {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** Without `?`. */
  readonly query: string;
  readonly headers: [string, string][];
  /** The request body as sent (already content-encoded). */
  readonly bodyBase64: string;
  readonly secrets: CorpusSecret[];
  /** Strings that must be stored unchanged: found verbatim in the decoded stored path, query, headers or body. */
  readonly negatives: string[];
}

export interface Corpus {
  readonly generatedBy: string;
  readonly cases: CorpusCase[];
}

const OUT = fileURLToPath(new URL('../test/fixtures/redaction/corpus.json', import.meta.url));
const rnd = new Random(20_260_517);

// ---------------------------------------------------------------------------------------------
// Random building blocks

const DIGITS = '0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const HEX_LETTERS = 'abcdef';

function chars(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rnd.int(0, alphabet.length - 1)];
  return out;
}
const digits = (n: number) => chars(DIGITS, n);

/** 8-digit windows of every card made so far: no two cards share one. */
const cardWindows = new Set<string>();
const usedValues = new Set<string>();

function windowsOf(d: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= d.length; i++) out.push(d.slice(i, i + 8));
  return out;
}

interface Scheme {
  readonly name: string;
  /** Single prefixes or inclusive ranges `from-to` of equal width. */
  readonly prefixes: readonly string[];
  readonly length: number;
}

const SCHEMES: readonly Scheme[] = [
  { name: 'visa16', prefixes: ['4'], length: 16 },
  { name: 'visa13', prefixes: ['4'], length: 13 },
  { name: 'visa19', prefixes: ['4'], length: 19 },
  { name: 'mastercard5x', prefixes: ['51-55'], length: 16 },
  { name: 'mastercard2x', prefixes: ['2221-2720'], length: 16 },
  { name: 'amex', prefixes: ['34', '37'], length: 15 },
  { name: 'discover6011', prefixes: ['6011'], length: 16 },
  { name: 'discover65', prefixes: ['65'], length: 16 },
  { name: 'jcb', prefixes: ['3528-3589'], length: 16 },
  { name: 'diners', prefixes: ['36', '38'], length: 14 },
  { name: 'unionpay', prefixes: ['62'], length: 16 },
  { name: 'unionpay19', prefixes: ['62'], length: 19 },
  { name: 'maestro', prefixes: ['6759'], length: 16 },
  { name: 'mir', prefixes: ['2200-2204'], length: 16 },
  { name: 'troy', prefixes: ['9792'], length: 16 },
  { name: 'verve', prefixes: ['506099'], length: 16 },
  { name: 'verve19', prefixes: ['506099'], length: 19 },
  { name: 'rupay60', prefixes: ['60'], length: 16 },
  { name: 'rupay81', prefixes: ['81'], length: 16 },
];

function prefixOf(scheme: Scheme): string {
  const spec = rnd.pick(scheme.prefixes);
  const [from = '', to = from] = spec.split('-');
  return String(rnd.int(Number(from), Number(to))).padStart(from.length, '0');
}

/** A fresh card number of `scheme`: Luhn-valid (or, with `valid: false`, certainly not), unique, no 8-digit window shared with another card. */
function makeCard(scheme: Scheme, valid = true): string {
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const prefix = prefixOf(scheme);
    const payload = prefix + digits(scheme.length - prefix.length - 1);
    const check = luhnCheckDigit(payload);
    const last = valid ? check : String((Number(check) + rnd.int(1, 9)) % 10);
    const card = payload + last;
    if (luhnValid(card) !== valid) throw new Error('luhn');
    const windows = windowsOf(card);
    if (windows.some((w) => cardWindows.has(w)) || usedValues.has(card)) continue;
    for (const w of windows) cardWindows.add(w);
    usedValues.add(card);
    return card;
  }
  throw new Error(`cannot make a fresh ${scheme.name} card`);
}

const schemeByName = (name: string): Scheme => {
  const scheme = SCHEMES.find((s) => s.name === name);
  if (!scheme) throw new Error(name);
  return scheme;
};

let schemeTurn = 0;
/** The next scheme in turn, so every placement meets many schemes. */
const nextScheme = (): Scheme => SCHEMES[schemeTurn++ % SCHEMES.length] as Scheme;

/** Groups a card number the way it is printed: 4-6-5 (Amex), 4-6-4 (Diners), else fours. */
function grouped(card: string, sep: string): string {
  const sizes = card.length === 15 ? [4, 6, 5] : card.length === 14 ? [4, 6, 4] : card.length === 13 ? [4, 4, 5] : Array.from({ length: Math.ceil(card.length / 4) }, () => 4);
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    groups.push(card.slice(at, at + size));
    at += size;
  }
  return groups.filter((g) => g.length > 0).join(sep);
}

/**
 * CVVs: distinct 4-digit values from 5000-9999 (away from years, small counts and body lengths),
 * none standing as a token anywhere else in the corpus. A CVV is a placeholder until every case
 * is drafted (see `finish`), then gets a value no other case holds.
 */
let cvvCount = 0;
const cvvPlaceholder = (n: number) => `§CVV${n}§`;
const makeCvv = (): string => cvvPlaceholder(cvvCount++);

const CREDENTIAL_STYLES: readonly (() => string)[] = [
  () => `sk_live_${chars(ALNUM, 24)}`,
  () => `rk_live_${chars(ALNUM, 24)}`,
  () => `ghp_${chars(ALNUM, 36)}`,
  () => `pat_${chars(ALNUM, 28)}`,
  () => `tok_${chars(ALNUM, 30)}`,
];
let credentialTurn = 0;
function makeCredential(): string {
  for (;;) {
    const value = (CREDENTIAL_STYLES[credentialTurn++ % CREDENTIAL_STYLES.length] as () => string)();
    if (!usedValues.has(value)) {
      usedValues.add(value);
      return value;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Negatives: card-like numbers that are not cards

function epochMillisLuhnValid(): string {
  const payload = String(1_700_000_000_000 + rnd.int(0, 99_999_999_999)).slice(0, 12);
  return payload + luhnCheckDigit(payload);
}
const orderId = () => `17${digits(11)}`;
/** +49 151 …: 13 digits starting with 4 and Luhn-valid, so only the `+` says it is not a Visa card. */
function phoneCompact(): string {
  const payload = `49151${digits(7)}`;
  return `+${payload}${luhnCheckDigit(payload)}`;
}
const phoneGrouped = () => `+1 ${rnd.int(201, 989)} 555 ${rnd.int(1000, 4999)}`;

function mod97(numeric: string): number {
  let rest = 0;
  for (const c of numeric) rest = (rest * 10 + Number(c)) % 97;
  return rest;
}
function iban(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return country + String(98 - mod97(numeric)).padStart(2, '0') + bban;
}
const ibanDe = () => iban('DE', digits(18));
const ibanGb = () => iban('GB', `${rnd.pick(['WEST', 'NWBK', 'BARC', 'MIDL'])}${digits(14)}`);
const ibanGrouped = () => (ibanDe().match(/.{1,4}/g) ?? []).join(' ');

/** A hex digest; `digitRun` embeds a Luhn-valid Visa-like run of that many digits bounded by hex letters. */
function hexDigest(length: number, digitRun = 0): string {
  if (digitRun === 0) return chars(HEX, length);
  const payload = `4${digits(digitRun - 2)}`;
  const run = payload + luhnCheckDigit(payload);
  const before = rnd.int(2, length - run.length - 2);
  const head = chars(HEX, before - 1) + chars(HEX_LETTERS, 1);
  const tail = chars(HEX_LETTERS, 1) + chars(HEX, length - before - run.length - 1);
  return head + run + tail;
}
function uuid(): string {
  const h = chars(HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${rnd.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const twelveDigits = () => `${rnd.int(1, 9)}${digits(11)}`;
/** 16 digits with a Visa prefix that fail Luhn: under a neutral name, not a card. */
const visaLuhnInvalid = () => makeCard(schemeByName('visa16'), false);

interface NegativeKind {
  readonly name: string;
  readonly make: () => string;
  /** Digits only, so it may stand as a JSON number. */
  readonly numeric: boolean;
  /** Safe in a form or query without percent-encoding. */
  readonly formSafe: boolean;
  /** A neutral field name for it. */
  readonly field: string;
}

const NEGATIVE_KINDS: readonly NegativeKind[] = [
  { name: 'epoch-ms', make: epochMillisLuhnValid, numeric: true, formSafe: true, field: 'created_at' },
  { name: 'order-id', make: orderId, numeric: true, formSafe: true, field: 'order_id' },
  { name: 'phone-e164', make: phoneCompact, numeric: false, formSafe: false, field: 'phone' },
  { name: 'phone-grouped', make: phoneGrouped, numeric: false, formSafe: false, field: 'phone_number' },
  { name: 'iban-grouped', make: ibanGrouped, numeric: false, formSafe: false, field: 'iban' },
  { name: 'iban-de', make: ibanDe, numeric: false, formSafe: true, field: 'iban' },
  { name: 'iban-gb', make: ibanGb, numeric: false, formSafe: true, field: 'payee_iban' },
  { name: 'md5', make: () => hexDigest(32, rnd.chance(0.5) ? 13 : 0), numeric: false, formSafe: true, field: 'etag' },
  { name: 'sha1', make: () => hexDigest(40, 16), numeric: false, formSafe: true, field: 'commit' },
  { name: 'sha256', make: () => hexDigest(64, rnd.pick([0, 16, 19])), numeric: false, formSafe: true, field: 'digest' },
  { name: 'uuid', make: uuid, numeric: false, formSafe: true, field: 'request_id' },
  { name: 'twelve-digits', make: twelveDigits, numeric: true, formSafe: true, field: 'tracking_number' },
  { name: 'visa-luhn-invalid', make: visaLuhnInvalid, numeric: true, formSafe: true, field: 'ref' },
];

interface Negative {
  readonly kind: NegativeKind;
  readonly value: string;
}
let negativeTurn = 0;
function nextNegative(filter: (k: NegativeKind) => boolean = () => true): Negative {
  for (;;) {
    const kind = NEGATIVE_KINDS[negativeTurn++ % NEGATIVE_KINDS.length] as NegativeKind;
    if (filter(kind)) return { kind, value: kind.make() };
  }
}
function someNegatives(n: number, filter?: (k: NegativeKind) => boolean): Negative[] {
  return Array.from({ length: n }, () => nextNegative(filter));
}

// ---------------------------------------------------------------------------------------------
// Bodies by format, with negatives mixed in

type Format = 'json' | 'form' | 'text' | 'xml' | 'multipart';

interface Body {
  readonly format: Format;
  readonly text: string;
  readonly contentType: string;
}

const BOUNDARY = '----corpusBoundary7MA4YWxkTrZu0gW';

function jsonWith(fields: Record<string, unknown>, negatives: readonly Negative[], raw: readonly string[] = []): Body {
  // Raw members are inserted as written (JSON numbers too long for a double, keys that are cards).
  const members = [...raw];
  const keys = new Set([...Object.keys(fields), ...raw.map((m) => JSON.parse(m.slice(0, m.indexOf('":') + 1)) as string)]);
  for (const [k, v] of Object.entries(fields)) members.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
  for (const n of negatives) {
    let key = n.kind.field;
    for (let i = 1; keys.has(key); i++) key = `${n.kind.field}_${i}`;
    keys.add(key);
    members.push(`${JSON.stringify(key)}:${n.kind.numeric && rnd.chance(0.5) ? n.value : JSON.stringify(n.value)}`);
  }
  members.push(`"amount":${rnd.int(100, 99_999) / 100}`, `"currency":"EUR"`);
  return { format: 'json', text: `{${members.join(',')}}`, contentType: 'application/json' };
}

function formWith(fields: readonly (readonly [string, string])[], negatives: readonly Negative[]): Body {
  const pairs = fields.map(([k, v]) => `${k}=${v}`);
  negatives.filter((n) => n.kind.formSafe).forEach((n, i) => pairs.push(`${n.kind.field}${i > 0 ? i : ''}=${n.value}`));
  pairs.push(`amount=${rnd.int(100, 9_999)}`, 'currency=EUR');
  return { format: 'form', text: pairs.join('&'), contentType: 'application/x-www-form-urlencoded' };
}

function textWith(sentence: string, negatives: readonly Negative[]): Body {
  const more = negatives.map((n) => `${rnd.pick(['See', 'Ref', 'Noted', 'Logged'])} ${n.kind.field.replace(/_/g, ' ')} ${n.value} here.`);
  return { format: 'text', text: [sentence, ...more].join('\n'), contentType: 'text/plain; charset=utf-8' };
}

function xmlWith(inner: string, negatives: readonly Negative[]): Body {
  const more = negatives.map((n) => `<${camel(n.kind.field)}>${n.value}</${camel(n.kind.field)}>`).join('');
  return { format: 'xml', text: `<?xml version="1.0"?><payment>${inner}${more}<amount>12.50</amount></payment>`, contentType: 'application/xml' };
}

function multipartWith(parts: readonly (readonly [string, string])[], negatives: readonly Negative[]): Body {
  const all = [...parts, ...negatives.map((n, i) => [`${n.kind.field}${i > 0 ? i : ''}`, n.value] as const)];
  const text = all.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${BOUNDARY}--\r\n`;
  return { format: 'multipart', text, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

// ---------------------------------------------------------------------------------------------
// Body encodings

type Encoding = 'identity' | 'gzip' | 'deflate' | 'br' | 'base64' | 'utf16le';
const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'deflate', 'br', 'base64', 'utf16le'];

/** Base64 and UTF-16 change what the body is (text/plain; a charset); multipart stays multipart only in bytes. */
function encodingFits(format: Format, encoding: Encoding): boolean {
  return !(format === 'multipart' && (encoding === 'base64' || encoding === 'utf16le'));
}

function encodeBody(body: Body, encoding: Encoding): { bytes: Buffer; headers: [string, string][] } {
  const utf8 = Buffer.from(body.text, 'utf8');
  switch (encoding) {
    case 'identity':
      return { bytes: utf8, headers: [['content-type', body.contentType]] };
    case 'gzip':
      return { bytes: gzipSync(utf8, { level: 9 }), headers: [['content-type', body.contentType], ['content-encoding', 'gzip']] };
    case 'deflate':
      return { bytes: deflateSync(utf8, { level: 9 }), headers: [['content-type', body.contentType], ['content-encoding', 'deflate']] };
    case 'br':
      return { bytes: brotliCompressSync(utf8, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }), headers: [['content-type', body.contentType], ['content-encoding', 'br']] };
    case 'base64':
      return { bytes: Buffer.from(utf8.toString('base64'), 'ascii'), headers: [['content-type', 'text/plain']] };
    case 'utf16le':
      return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.text, 'utf16le')]), headers: [['content-type', `${body.contentType.replace(/;.*$/, '')}; charset=utf-16`]] };
  }
}

// ---------------------------------------------------------------------------------------------
// Cases

const drafts: Draft[] = [];
const ids = new Set<string>();

interface Draft {
  readonly id: string;
  readonly method?: string;
  readonly path?: string;
  readonly query?: string;
  readonly headers?: [string, string][];
  readonly body?: Body;
  readonly encoding?: Encoding;
  readonly secrets: CorpusSecret[];
  /** Negatives mixed into the body (their values), plus any placed elsewhere. */
  readonly negatives: readonly (Negative | string)[];
}

function add(draft: Draft): void {
  if (ids.has(draft.id)) throw new Error(`duplicate case id ${draft.id}`);
  ids.add(draft.id);
  drafts.push(draft);
}

/** Every text a draft sends, before its body is encoded. */
function draftTexts(d: Draft): string[] {
  return [d.path ?? '', d.query ?? '', ...(d.headers ?? []).flat(), d.body?.text ?? ''];
}

/** CVV values for the placeholders, then every draft as a case with its body encoded. */
function finish(): CorpusCase[] {
  // Taken: every 4-digit token of the texts, and of the encoded bodies (compressed bytes hold digit runs by chance).
  const taken = new Set<string>();
  const take = (text: string) => {
    for (const m of text.matchAll(/(?<![0-9A-Za-z])\d{4}(?![0-9A-Za-z])/g)) taken.add(m[0]);
  };
  for (const d of drafts) {
    for (const text of draftTexts(d)) take(text);
    if (d.body && !d.body.text.includes('§CVV')) take(encodeBody(d.body, d.encoding ?? 'identity').bytes.toString('latin1'));
  }
  const values: string[] = [];
  while (values.length < cvvCount) {
    const value = String(rnd.int(5000, 9999));
    if (!taken.has(value) && !/^(19|20)/.test(value)) {
      taken.add(value);
      values.push(value);
    }
  }
  const fill = (text: string) => text.replace(/§CVV(\d+)§/g, (_m, n: string) => values[Number(n)] as string);
  return drafts.map((draft) => {
    const body = draft.body ? { ...draft.body, text: fill(draft.body.text) } : undefined;
    const encoded = body ? encodeBody(body, draft.encoding ?? 'identity') : undefined;
    // A negative mixed into a form is only there when it is form-safe.
    const negatives = draft.negatives.map((n) => (typeof n === 'string' ? n : n.value)).filter((n) => !body || draftTexts({ ...draft, body }).some((t) => t.includes(n)));
    return {
      id: draft.id,
      method: draft.method ?? (body ? 'POST' : 'GET'),
      path: draft.path ?? '/v1/payments',
      query: fill(draft.query ?? ''),
      headers: [...(encoded?.headers ?? []), ...(draft.headers ?? []).map(([n, v]): [string, string] => [n, fill(v)])],
      bodyBase64: encoded ? encoded.bytes.toString('base64') : '',
      secrets: draft.secrets.map((s) => (s.kind === 'cvv' ? { ...s, value: fill(s.value) } : s)),
      negatives,
    };
  });
}

const card = (value: string, written?: string): CorpusSecret => (written === undefined || written === value ? { kind: 'card', value } : { kind: 'card', value, written });
const cvv = (value: string): CorpusSecret => ({ kind: 'cvv', value });
const credential = (value: string): CorpusSecret => ({ kind: 'credential', value });

/** A card body placement: given a fresh card (as digits) and negatives, the body and what it holds. */
interface CardPlacement {
  readonly name: string;
  readonly build: (pan: string, negatives: readonly Negative[]) => { body: Body; secrets: CorpusSecret[] };
}

const CARD_PLACEMENTS: readonly CardPlacement[] = [
  { name: 'json-string', build: (pan, neg) => ({ body: jsonWith({ card_number: pan, holder: 'A. Example' }, neg), secrets: [card(pan)] }) },
  { name: 'json-number', build: (pan, neg) => ({ body: jsonWith({ holder: 'A. Example' }, neg, [`"cardNumber":${pan}`]), secrets: [card(pan)] }) },
  { name: 'json-number-evidence', build: (pan, neg) => ({ body: jsonWith({ kind: 'ref' }, neg, [`"ref":${pan}`]), secrets: [card(pan)] }) },
  { name: 'json-string-evidence', build: (pan, neg) => ({ body: jsonWith({ ref: pan, note: 'neutral name' }, neg), secrets: [card(pan)] }) },
  { name: 'json-nested-number', build: (pan, neg) => ({ body: jsonWith({ card: { number: pan, exp_month: 12, exp_year: 2030 } }, neg), secrets: [card(pan)] }) },
  { name: 'json-nested-num', build: (pan, neg) => ({ body: jsonWith({ payment: { card: { num: pan } } }, neg), secrets: [card(pan)] }) },
  { name: 'json-dotted-name', build: (pan, neg) => ({ body: jsonWith({ 'card.number': pan }, neg), secrets: [card(pan)] }) },
  {
    name: 'json-array',
    build: (pan, neg) => {
      const second = makeCard(nextScheme());
      return { body: jsonWith({ items: [{ pan }, { sku: 'A-1', qty: 2 }], refs: ['x', second] }, neg), secrets: [card(pan), card(second)] };
    },
  },
  { name: 'json-array-numbers', build: (pan, neg) => ({ body: jsonWith({ label: 'numbers' }, neg, [`"values":[1,2,${pan},3]`]), secrets: [card(pan)] }) },
  { name: 'json-key', build: (pan, neg) => ({ body: jsonWith({ status: 'ok' }, neg, [`"byCard":{${JSON.stringify(pan)}:{"status":"declined"}}`]), secrets: [card(pan)] }) },
  { name: 'json-in-json', build: (pan, neg) => ({ body: jsonWith({ payload: JSON.stringify({ card_number: pan, amount: 5 }) }, neg), secrets: [card(pan)] }) },
  {
    name: 'json-grouped-spaces',
    build: (pan, neg) => {
      const w = grouped(pan, ' ');
      return { body: jsonWith({ note: `charged ${w} today` }, neg), secrets: [card(pan, w)] };
    },
  },
  {
    name: 'json-grouped-dashes',
    build: (pan, neg) => {
      const w = grouped(pan, '-');
      return { body: jsonWith({ memo: w }, neg), secrets: [card(pan, w)] };
    },
  },
  {
    name: 'json-grouped-dots',
    build: (pan, neg) => {
      const w = grouped(pan, '.');
      return { body: jsonWith({ cardNumber: w }, neg), secrets: [card(pan, w)] };
    },
  },
  { name: 'form', build: (pan, neg) => ({ body: formWith([['card_number', pan], ['name', 'A+Example']], neg), secrets: [card(pan)] }) },
  {
    name: 'form-plus-grouped',
    build: (pan, neg) => {
      const w = grouped(pan, '+');
      return { body: formWith([['cc', w]], neg), secrets: [card(pan, w)] };
    },
  },
  {
    name: 'form-pct20-grouped',
    build: (pan, neg) => {
      const w = grouped(pan, '%20');
      return { body: formWith([['note', `paid%20with%20${w}`]], neg), secrets: [card(pan, w)] };
    },
  },
  {
    name: 'text',
    build: (pan, neg) => {
      const w = rnd.chance(0.5) ? grouped(pan, ' ') : pan;
      return { body: textWith(`Customer called to update the card on file to ${w}, please retry.`, neg), secrets: [card(pan, w)] };
    },
  },
  { name: 'xml-element', build: (pan, neg) => ({ body: xmlWith(`<cardNumber>${pan}</cardNumber><holder>A. Example</holder>`, neg), secrets: [card(pan)] }) },
  { name: 'xml-attribute', build: (pan, neg) => ({ body: xmlWith(`<card pan="${pan}" exp="12/30"/>`, neg), secrets: [card(pan)] }) },
  { name: 'xml-text-evidence', build: (pan, neg) => ({ body: xmlWith(`<remark>card ${grouped(pan, ' ')} declined</remark>`, neg), secrets: [card(pan, grouped(pan, ' '))] }) },
  { name: 'multipart-field', build: (pan, neg) => ({ body: multipartWith([['card_number', pan], ['holder', 'A. Example']], neg), secrets: [card(pan)] }) },
  {
    name: 'multipart-text-evidence',
    build: (pan, neg) => {
      const w = grouped(pan, '-');
      return { body: multipartWith([['notes', `Paid with ${w} at the desk`]], neg), secrets: [card(pan, w)] };
    },
  },
];

// 1. Every card placement under every body encoding.
for (const placement of CARD_PLACEMENTS) {
  for (const encoding of ENCODINGS) {
    if (!encodingFits(formatOfPlacement(placement.name), encoding)) continue;
    const pan = makeCard(nextScheme());
    const negatives = someNegatives(rnd.int(1, 3));
    const { body, secrets } = placement.build(pan, negatives);
    add({ id: `card/${placement.name}/${encoding}`, body, encoding, secrets, negatives });
  }
}
function formatOfPlacement(name: string): Format {
  return name.startsWith('multipart') ? 'multipart' : name.startsWith('form') ? 'form' : name.startsWith('xml') ? 'xml' : name === 'text' ? 'text' : 'json';
}

// 2. Every scheme in the common placements, identity and one rotating encoding.
for (const scheme of SCHEMES) {
  for (const name of ['json-string', 'json-number-evidence', 'text', 'form-plus-grouped']) {
    const placement = CARD_PLACEMENTS.find((p) => p.name === name) as CardPlacement;
    const encoding = rnd.pick(ENCODINGS);
    const pan = makeCard(scheme);
    const negatives = someNegatives(1);
    const { body, secrets } = placement.build(pan, negatives);
    add({ id: `card-scheme/${scheme.name}/${name}/${encoding}`, body, encoding, secrets, negatives });
  }
}

// 3. Cards outside the body: query, path, headers.
const neutralBody = (n = 2) => {
  const negatives = someNegatives(n);
  return { body: jsonWith({ op: 'charge' }, negatives), negatives };
};
for (const scheme of SCHEMES) {
  const pan = makeCard(scheme);
  const variant = drafts.length % 6;
  const { body, negatives } = neutralBody(1);
  if (variant === 0) {
    const order = orderId();
    add({ id: `card/query-named/${scheme.name}`, method: 'GET', query: `card_number=${pan}&order_id=${order}`, secrets: [card(pan)], negatives: [order] });
  }
  else if (variant === 1) add({ id: `card/query-evidence/${scheme.name}`, query: `q=${pan}&page=2`, body, secrets: [card(pan)], negatives });
  else if (variant === 2) {
    const w = grouped(pan, '+');
    add({ id: `card/query-plus-grouped/${scheme.name}`, query: `cc=${w}&lang=en`, body, secrets: [card(pan, w)], negatives });
  } else if (variant === 3) {
    const w = grouped(pan, '%20');
    add({ id: `card/query-pct20-grouped/${scheme.name}`, query: `memo=card%20${w}`, body, secrets: [card(pan, w)], negatives });
  } else if (variant === 4) add({ id: `card/path-segment/${scheme.name}`, path: `/v1/cards/${pan}/charge`, body, secrets: [card(pan)], negatives });
  else {
    const w = grouped(pan, '-');
    add({ id: `card/path-grouped/${scheme.name}`, path: `/v1/cards/${w}/refund`, body, secrets: [card(pan, w)], negatives });
  }
}
for (const scheme of SCHEMES) {
  const pan = makeCard(scheme);
  const { body, negatives } = neutralBody(1);
  if (drafts.length % 3 === 0) add({ id: `card/header-named/${scheme.name}`, headers: [['X-Card-Number', pan]], body, secrets: [card(pan)], negatives });
  else if (drafts.length % 3 === 1) {
    const w = grouped(pan, ' ');
    add({ id: `card/header-named-grouped/${scheme.name}`, headers: [['X-Card-Number', w]], body, secrets: [card(pan, w)], negatives });
  } else add({ id: `card/header-evidence/${scheme.name}`, headers: [['X-Debug-Note', `retry for card ${pan} failed`]], body, secrets: [card(pan)], negatives });
}

// 4. Luhn-invalid numbers: cards only because a name says so.
const INVALID_PLACEMENTS: readonly { name: string; build: (pan: string, neg: readonly Negative[]) => Omit<Draft, 'id' | 'secrets' | 'negatives'> & { written?: string } }[] = [
  { name: 'json-card_number', build: (pan, neg) => ({ body: jsonWith({ card_number: pan }, neg) }) },
  { name: 'json-cardNumber-number', build: (pan, neg) => ({ body: jsonWith({}, neg, [`"cardNumber":${pan}`]) }) },
  { name: 'json-pan', build: (pan, neg) => ({ body: jsonWith({ pan }, neg) }) },
  { name: 'json-card.number', build: (pan, neg) => ({ body: jsonWith({ card: { number: pan } }, neg) }) },
  { name: 'json-dotted-card.number', build: (pan, neg) => ({ body: jsonWith({ 'card.number': pan }, neg) }) },
  { name: 'json-cc', build: (pan, neg) => ({ body: jsonWith({ cc: pan }, neg) }) },
  { name: 'form-card_number', build: (pan, neg) => ({ body: formWith([['card_number', pan]], neg) }) },
  {
    name: 'form-cc-grouped',
    build: (pan, neg) => {
      const w = grouped(pan, '+');
      return { body: formWith([['cc', w]], neg), written: w };
    },
  },
  { name: 'xml-cardNumber', build: (pan, neg) => ({ body: xmlWith(`<cardNumber>${pan}</cardNumber>`, neg) }) },
  { name: 'xml-pan-attribute', build: (pan, neg) => ({ body: xmlWith(`<card pan="${pan}"/>`, neg) }) },
  { name: 'multipart-pan', build: (pan, neg) => ({ body: multipartWith([['pan', pan]], neg) }) },
  { name: 'query-pan', build: (pan) => ({ method: 'GET', query: `pan=${pan}&view=full` }) },
  { name: 'query-cc', build: (pan) => ({ method: 'GET', query: `cc=${pan}` }) },
  { name: 'header-card-number', build: (pan) => ({ method: 'GET', headers: [['X-Card-Number', pan]] }) },
];
for (const placement of INVALID_PLACEMENTS) {
  for (const encoding of ['identity', rnd.pick(['gzip', 'deflate', 'br']), rnd.pick(['base64', 'utf16le'])] as Encoding[]) {
    const pan = makeCard(rnd.pick([schemeByName('visa16'), schemeByName('mastercard5x'), schemeByName('amex'), schemeByName('discover6011')]), false);
    const negatives = someNegatives(1);
    const built = placement.build(pan, negatives);
    if (!built.body && encoding !== 'identity') continue;
    if (built.body && !encodingFits(built.body.format, encoding)) continue;
    add({ id: `card-luhn-invalid/${placement.name}/${encoding}`, ...built, encoding, secrets: [card(pan, built.written)], negatives: built.body ? negatives : [] });
  }
}

// 5. CVVs: in bodies under every encoding, and in a header, the query and text.
const CVV_PLACEMENTS: readonly { name: string; build: (value: string, neg: readonly Negative[]) => { body: Body; extra?: CorpusSecret[] } }[] = [
  { name: 'json-cvv', build: (v, neg) => ({ body: jsonWith({ cvv: v }, neg) }) },
  { name: 'json-cvc-number', build: (v, neg) => ({ body: jsonWith({}, neg, [`"cvc":${v}`]) }) },
  { name: 'json-cvv2', build: (v, neg) => ({ body: jsonWith({ cvv2: v }, neg) }) },
  { name: 'json-cvn', build: (v, neg) => ({ body: jsonWith({ cvn: v }, neg) }) },
  { name: 'json-cvvCode', build: (v, neg) => ({ body: jsonWith({ cvvCode: v }, neg) }) },
  { name: 'json-card_cvv', build: (v, neg) => ({ body: jsonWith({ card_cvv: v }, neg) }) },
  { name: 'json-verification_code', build: (v, neg) => ({ body: jsonWith({ verification_code: v }, neg) }) },
  { name: 'json-security_code', build: (v, neg) => ({ body: jsonWith({ security_code: v }, neg) }) },
  {
    name: 'json-card-object',
    build: (v, neg) => {
      const pan = makeCard(nextScheme());
      return { body: jsonWith({ card: { number: pan, cvv: v, exp: '12/30' } }, neg), extra: [card(pan)] };
    },
  },
  { name: 'form-cvv', build: (v, neg) => ({ body: formWith([['cvv', v]], neg) }) },
  { name: 'text-label', build: (v, neg) => ({ body: textWith(`Card verified. CVV: ${v} (do not store)`, neg) }) },
  { name: 'xml-element', build: (v, neg) => ({ body: xmlWith(`<cvv>${v}</cvv>`, neg) }) },
  { name: 'multipart-cvc', build: (v, neg) => ({ body: multipartWith([['cvc', v]], neg) }) },
];
for (const placement of CVV_PLACEMENTS) {
  for (const encoding of ENCODINGS) {
    const value = makeCvv();
    const negatives = someNegatives(rnd.int(1, 2));
    const { body, extra = [] } = placement.build(value, negatives);
    if (!encodingFits(body.format, encoding)) continue;
    add({ id: `cvv/${placement.name}/${encoding}`, body, encoding, secrets: [cvv(value), ...extra], negatives });
  }
}
{
  const value = makeCvv();
  const { body, negatives } = neutralBody(1);
  add({ id: 'cvv/header-X-CVV', headers: [['X-CVV', value]], body, secrets: [cvv(value)], negatives });
}
{
  const value = makeCvv();
  const { body, negatives } = neutralBody(1);
  add({ id: 'cvv/query-cvv_code', query: `cvv_code=${value}&step=verify`, body, secrets: [cvv(value)], negatives });
}
{
  const value = makeCvv();
  add({ id: 'cvv/query-cvc-get', method: 'GET', query: `cvc=${value}`, secrets: [cvv(value)], negatives: [] });
}

// 6. Credentials: headers, query, JSON and form fields.
const CREDENTIAL_HEADERS: readonly (readonly [string, (v: string) => string])[] = [
  ['Authorization', (v) => `Bearer ${v}`],
  ['X-Auth-Token', (v) => v],
  ['Api-Key', (v) => v],
  ['X-Access-Token', (v) => v],
  ['X-Amz-Security-Token', (v) => v],
  ['X-CSRF-Token', (v) => v],
  ['Authentication', (v) => v],
  ['Cookie', (v) => `session=${v}; theme=dark`],
];
for (const [name, format] of CREDENTIAL_HEADERS) {
  for (const method of ['GET', 'POST']) {
    const value = makeCredential();
    const { body, negatives } = neutralBody(1);
    add({ id: `credential/header-${name}/${method}`, method, headers: [[name, format(value)]], ...(method === 'POST' ? { body } : {}), secrets: [credential(value)], negatives: method === 'POST' ? negatives : [] });
  }
}
for (const name of ['api_key', 'access_token']) {
  for (const method of ['GET', 'POST']) {
    const value = makeCredential();
    const { body, negatives } = neutralBody(1);
    add({ id: `credential/query-${name}/${method}`, method, query: `${name}=${value}&page=1`, ...(method === 'POST' ? { body } : {}), secrets: [credential(value)], negatives: method === 'POST' ? negatives : [] });
  }
}
const CREDENTIAL_BODIES: readonly { name: string; build: (v: string, neg: readonly Negative[]) => Body }[] = [
  { name: 'json-password', build: (v, neg) => jsonWith({ username: 'alice', password: v }, neg) },
  { name: 'json-token', build: (v, neg) => jsonWith({ token: v }, neg) },
  { name: 'json-client_secret', build: (v, neg) => jsonWith({ client_id: 'app-1', client_secret: v }, neg) },
  { name: 'form-password', build: (v, neg) => formWith([['username', 'alice'], ['password', v]], neg) },
];
for (const placement of CREDENTIAL_BODIES) {
  for (const encoding of ENCODINGS) {
    const value = makeCredential();
    const negatives = someNegatives(1);
    add({ id: `credential/${placement.name}/${encoding}`, body: placement.build(value, negatives), encoding, secrets: [credential(value)], negatives });
  }
}

// 7. A payment with everything at once.
for (const encoding of ENCODINGS) {
  const pan = makeCard(nextScheme());
  const value = makeCvv();
  const secret = makeCredential();
  const bearer = makeCredential();
  const negatives = someNegatives(3);
  const body = jsonWith({ card: { number: pan, cvv: value, exp: '12/30' }, token: secret, description: 'full payment' }, negatives);
  add({ id: `mixed/payment/${encoding}`, body, encoding, headers: [['Authorization', `Bearer ${bearer}`]], secrets: [card(pan), cvv(value), credential(secret), credential(bearer)], negatives });
}

// 8. Negatives on their own: every kind in every format, and outside the body.
for (const kind of NEGATIVE_KINDS) {
  const formats: Format[] = kind.formSafe ? ['json', 'form', 'text', 'xml', 'multipart'] : ['json', 'text', 'xml', 'multipart'];
  for (const format of formats) {
    const encodings = (['identity', ENCODINGS[(drafts.length % 5) + 1]] as Encoding[]).filter((e) => encodingFits(format, e));
    for (const encoding of encodings) {
      const negatives = [{ kind, value: kind.make() }, { kind, value: kind.make() }];
      const body =
        format === 'json' ? jsonWith({}, negatives) : format === 'form' ? formWith([], negatives) : format === 'text' ? textWith('Nothing sensitive in here.', negatives) : format === 'xml' ? xmlWith('', negatives) : multipartWith([], negatives);
      add({ id: `negative/${kind.name}/${format}/${encoding}`, body, encoding, secrets: [], negatives });
    }
  }
  const value = kind.make();
  if (kind.formSafe) {
    add({ id: `negative/${kind.name}/query`, method: 'GET', query: `${kind.field}=${value}`, secrets: [], negatives: [value] });
    const inPath = kind.make();
    add({ id: `negative/${kind.name}/path`, method: 'GET', path: `/v1/objects/${inPath}/status`, secrets: [], negatives: [inPath] });
  }
  const inHeader = kind.make();
  add({ id: `negative/${kind.name}/header`, method: 'GET', headers: [[`X-${camel(kind.field).replace(/^./, (c) => c.toUpperCase())}`, inHeader]], secrets: [], negatives: [inHeader] });
}

// ---------------------------------------------------------------------------------------------
// Self-checks, then write

function plainTexts(c: CorpusCase): string {
  // What the case holds, decoded: the body before its encoding is rebuilt from the bytes.
  const bytes = Buffer.from(c.bodyBase64, 'base64');
  const enc = c.headers.find(([n]) => n === 'content-encoding')?.[1];
  const ct = c.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
  let body = bytes;
  if (enc === 'gzip') body = gunzipSync(bytes);
  else if (enc === 'deflate') body = inflateSync(bytes);
  else if (enc === 'br') body = brotliDecompressSync(bytes);
  let text = body[0] === 0xff && body[1] === 0xfe ? body.subarray(2).toString('utf16le') : body.toString('utf8');
  if (ct === 'text/plain' && /^[A-Za-z0-9+/=]+$/.test(text)) text = Buffer.from(text, 'base64').toString('utf8');
  return [c.method, c.path, c.query, ...c.headers.flat(), text].join('\n');
}

const cases = finish();
const texts = cases.map(plainTexts);
const tokenRe = /(?<![0-9A-Za-z])\d{4}(?![0-9A-Za-z])/g;
const cvvHome = new Map<string, number>();
cases.forEach((c, i) => {
  for (const s of c.secrets) if (s.kind === 'cvv') cvvHome.set(s.value, i);
});
texts.forEach((text, i) => {
  const c = cases[i] as CorpusCase;
  for (const s of c.secrets) {
    const shown = s.written ?? s.value;
    if (!text.includes(shown)) throw new Error(`${c.id}: secret ${shown} not in the case`);
  }
  for (const n of c.negatives) if (!text.includes(n)) throw new Error(`${c.id}: negative ${n} not in the case`);
  for (const m of `${text}\n${Buffer.from(c.bodyBase64, 'base64').toString('latin1')}`.matchAll(tokenRe)) {
    const home = cvvHome.get(m[0]);
    if (home !== undefined && home !== i) throw new Error(`${c.id}: holds ${m[0]}, the CVV of ${(cases[home] as CorpusCase).id}`);
  }
  // Every card's digits stand in its own case only.
  for (let j = 0; j < cases.length; j++) {
    if (j === i) continue;
    for (const s of (cases[j] as CorpusCase).secrets) if (s.kind !== 'cvv' && text.includes(s.value)) throw new Error(`${c.id}: holds ${s.value} of ${(cases[j] as CorpusCase).id}`);
  }
});
const secretValues = cases.flatMap((c) => c.secrets.map((s) => s.value));
const dupes = secretValues.filter((v, i) => secretValues.indexOf(v) !== i);
if (dupes.length > 0) throw new Error(`secrets not unique: ${dupes.join(', ')}`);

const corpus: Corpus = { generatedBy: 'scripts/make-redaction-corpus.ts', cases };
mkdirSync(dirname(OUT), { recursive: true });
// One case a line: diffs stay readable when the corpus grows.
writeFileSync(OUT, `{"generatedBy":${JSON.stringify(corpus.generatedBy)},"cases":[\n${corpus.cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
const count = (kind: CorpusSecret['kind']) => cases.reduce((n, c) => n + c.secrets.filter((s) => s.kind === kind).length, 0);
process.stdout.write(
  `${join('test/fixtures/redaction', 'corpus.json')}: ${cases.length} cases, ${count('card')} cards, ${count('cvv')} cvvs, ${count('credential')} credentials, ${cases.reduce((n, c) => n + c.negatives.length, 0)} negatives\n`,
);
