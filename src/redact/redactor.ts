import { createHmac, randomBytes } from 'node:crypto';
import type { HeaderList, NewExchange } from '../core/exchange.js';
import { matchesPath, type JsonPath, type Location } from '../util/json-path.js';
import { rewriteJsonScalars, type JsonScalar } from '../util/json-rewrite.js';
import { luhnValid } from '../util/luhn.js';
import { createCardTokenizer } from './card-surrogate.js';
import { CVV_KEYS, PIN_KEYS, type ResolvedRedaction } from './redaction-rules.js';

export type RedactionRefusal = 'track-data' | 'pin-block' | 'redaction-failed';

export type RedactionResult =
  | { readonly ok: true; readonly exchange: NewExchange }
  | { readonly ok: false; readonly reason: RedactionRefusal; readonly detail: string };

/** A card number written in text: 13-19 digits, optionally grouped by single spaces or dashes. */
const CARD_IN_TEXT = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** Magnetic-stripe track 1 (`%B<pan>^NAME^YYMM…`) and track 2 (`;<pan>=YYMM…`): never storable. */
const TRACK_DATA = /%?B\d{13,19}\^[^^]{2,26}\^\d{4}|;\d{13,19}=\d{4}/;
/** Whatever CARD_IN_TEXT or TRACK_DATA can match contains this. */
const THIRTEEN_DIGITS = /\d(?:[ -]?\d){12}/;
const CVV_IN_FORM = /\b(cvv2?|cvc2?|csc|cid|security_code)=(\d{3,4})\b/gi;

/**
 * Cleans an exchange before anything touches disk. Fails closed: an exchange it cannot clean, or
 * that carries data that must never be stored (track data, PIN blocks), is refused, not stored.
 */
export function createRedactor(rules: ResolvedRedaction, key: Uint8Array): (exchange: NewExchange) => RedactionResult {
  const tokenize = createCardTokenizer(key);
  const replaceCvv = createCvvReplacer();

  const text = (value: string): string => {
    // Most strings (ids, names, codes) hold neither a 13-digit run nor a form field: one cheap test each.
    let cleaned = value;
    if (THIRTEEN_DIGITS.test(value)) {
      if (TRACK_DATA.test(value)) throw new Refusal('track-data', 'magnetic-stripe track data');
      cleaned = cleaned.replace(CARD_IN_TEXT, (card) => (luhnValid(card.replace(/\D/g, '')) ? tokenize(card) : card));
    }
    if (cleaned.includes('=')) cleaned = cleaned.replace(CVV_IN_FORM, (_m, name: string, cvv: string) => `${name}=${replaceCvv(cvv)}`);
    return cleaned;
  };

  const scalar = ({ location, value, raw }: JsonScalar): string | undefined => {
    const key = String(location[location.length - 1] ?? '').toLowerCase();
    if (PIN_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number')) throw new Refusal('pin-block', `PIN material at ${describe(location)}`);
    if (anyMatch(rules.dropPaths, location)) return 'null';
    if (CVV_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number')) {
      const digits = String(value);
      return /^\d{3,4}$/.test(digits) ? (typeof value === 'string' ? `"${replaceCvv(digits)}"` : replaceCvv(digits).replace(/^0/, '1')) : 'null';
    }
    if (typeof value === 'string' && anyMatch(rules.maskPaths, location)) return JSON.stringify('*'.repeat(value.length));
    if (anyMatch(rules.cardPaths, location) && (typeof value === 'string' || typeof value === 'number')) {
      const digits = String(value).replace(/[ -]/g, '');
      if (/^\d{12,19}$/.test(digits)) return typeof value === 'string' ? JSON.stringify(tokenize(value)) : tokenize(raw);
    }
    if (typeof value === 'string') {
      const cleaned = text(value);
      return cleaned === value ? undefined : JSON.stringify(cleaned);
    }
    return undefined;
  };

  const body = (bytes: Uint8Array): Uint8Array => {
    if (bytes.byteLength === 0) return bytes;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const utf8 = buffer.toString('utf8');
    if (/^\s*[[{]/.test(utf8) && Buffer.byteLength(utf8) === bytes.byteLength) {
      const rewritten = tryJson(utf8, scalar);
      if (rewritten !== undefined) return rewritten === utf8 ? bytes : Buffer.from(rewritten, 'utf8');
    }
    // latin1 maps every byte to one char and back, so non-UTF-8 bodies survive untouched.
    const latin1 = buffer.toString('latin1');
    const cleaned = text(latin1);
    return cleaned === latin1 ? bytes : Buffer.from(cleaned, 'latin1');
  };

  const headers = (list: HeaderList): HeaderList => list.filter(([name]) => !rules.headers.has(name.toLowerCase())).map(([name, value]) => [name, text(value)] as const);

  return (exchange) => {
    try {
      const r = exchange.response;
      return {
        ok: true,
        exchange: {
          ...exchange,
          path: text(exchange.path),
          query: text(exchange.query),
          requestHeaders: headers(exchange.requestHeaders),
          requestBody: body(exchange.requestBody),
          response: r.kind === 'answer' ? { ...r, headers: headers(r.headers), body: body(r.body) } : r,
        },
      };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, reason: error.reason, detail: error.message };
      return { ok: false, reason: 'redaction-failed', detail: error instanceof Error ? error.message : String(error) };
    }
  };
}

class Refusal extends Error {
  constructor(
    readonly reason: RedactionRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The body rewritten as JSON, or undefined when it is not JSON (it is then cleaned as text). */
function tryJson(text: string, visit: (s: JsonScalar) => string | undefined): string | undefined {
  try {
    return rewriteJsonScalars(text, visit);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

function anyMatch(paths: readonly JsonPath[], location: Location): boolean {
  return paths.some((p) => matchesPath(p, location));
}

/**
 * CVVs become random digits of the same length. The digits come from an HMAC under a salt that
 * lives in this process only and is never written: once the run ends nothing can map them back
 * (a CVV must never be stored, even encrypted), yet within the run the same CVV always gets the
 * same digits, so an exact retry stays an exact retry and idempotency still holds on replay.
 */
function createCvvReplacer(): (cvv: string) => string {
  const salt = randomBytes(32);
  return (cvv) => {
    const mac = createHmac('sha256', salt).update(cvv).digest();
    return Array.from({ length: cvv.length }, (_, i) => String((mac[i] ?? 0) % 10)).join('');
  };
}

function describe(location: Location): string {
  return `$${location.map((l) => (typeof l === 'number' ? `[${l}]` : `.${l}`)).join('')}`;
}
