import { parseTimestamp, type Timestamp } from '../util/timestamp.js';
import { isCurrency, type Currency } from './currencies.js';
import type { RequestCode } from './error-codes.js';
import { CHANNELS, type Channel, type Payment } from './payment.js';

/** One reason a request body was refused, with the JSON path of the field at fault. */
export interface RequestIssue {
  readonly code: RequestCode;
  readonly path: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly payment: Payment }
  | { readonly ok: false; readonly issues: readonly RequestIssue[] };

type JsonObject = Record<string, unknown>;

const COUNTRY = /^[A-Z]{2}$/;
const CATEGORY_CODE = /^\d{4}$/;
const CARD_CHARS = /^[0-9][0-9 -]*[0-9]$/;
const CVV = /^\d{3,4}$/;
const MAX_ID_LENGTH = 128;

/**
 * Turns a parsed JSON body into a `Payment`, or lists every problem at once (never only the first),
 * so a client fixes its request in one round trip.
 */
export function parsePayment(body: unknown): ParseResult {
  const issues: RequestIssue[] = [];
  if (!isObject(body)) {
    return { ok: false, issues: [{ code: 'BODY_NOT_OBJECT', path: '$', message: `expected a JSON object, got ${jsonType(body)}` }] };
  }
  const r = new FieldReader(issues);
  r.only(body, '$', ['transaction_id', 'timestamp', 'account_id', 'card', 'merchant', 'amount', 'currency', 'channel', 'customer_country', 'ip_country', 'device_id']);

  const transactionId = r.id(body, '$', 'transaction_id');
  const timestamp = r.timestamp(body, '$', 'timestamp');
  const accountId = r.id(body, '$', 'account_id');
  const amount = r.number(body, '$', 'amount');
  const currency = r.currency(body, '$', 'currency');
  const channel = r.channel(body, '$', 'channel');
  const customerCountry = r.matching(body, '$', 'customer_country', COUNTRY, 'an ISO 3166 alpha-2 country code such as "DE"');
  const ipCountry = r.optional(body, 'ip_country', () => r.matching(body, '$', 'ip_country', COUNTRY, 'an ISO 3166 alpha-2 country code such as "DE"'));
  const deviceId = r.optional(body, 'device_id', () => r.id(body, '$', 'device_id'));

  const card = r.object(body, '$', 'card');
  let cardFields: Payment['card'] | undefined;
  if (card) {
    r.only(card, '$.card', ['number', 'expiry_month', 'expiry_year', 'cvv']);
    const number = r.matching(card, '$.card', 'number', CARD_CHARS, 'digits, optionally grouped with spaces or dashes');
    const expiryMonth = r.integerIn(card, '$.card', 'expiry_month', 1, 12);
    const expiryYear = r.integerIn(card, '$.card', 'expiry_year', 2000, 2099);
    const cvv = r.optional(card, 'cvv', () => r.matching(card, '$.card', 'cvv', CVV, '3 or 4 digits'));
    if (number !== undefined && expiryMonth !== undefined && expiryYear !== undefined) {
      cardFields = { number: number.replace(/[ -]/g, ''), expiryMonth, expiryYear, cvv };
    }
  }

  const merchant = r.object(body, '$', 'merchant');
  let merchantFields: Payment['merchant'] | undefined;
  if (merchant) {
    r.only(merchant, '$.merchant', ['id', 'category_code', 'country']);
    const id = r.id(merchant, '$.merchant', 'id');
    const categoryCode = r.matching(merchant, '$.merchant', 'category_code', CATEGORY_CODE, 'a 4-digit merchant category code such as "5411"');
    const country = r.matching(merchant, '$.merchant', 'country', COUNTRY, 'an ISO 3166 alpha-2 country code such as "DE"');
    if (id !== undefined && categoryCode !== undefined && country !== undefined) merchantFields = { id, categoryCode, country };
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    payment: {
      transactionId: transactionId!,
      timestamp: timestamp!,
      accountId: accountId!,
      card: cardFields!,
      merchant: merchantFields!,
      amount: amount!,
      currency: currency!,
      channel: channel!,
      customerCountry: customerCountry!,
      ipCountry,
      deviceId,
    },
  };
}

/** Reads typed fields and records an issue for each one that is missing or wrong. */
class FieldReader {
  constructor(private readonly issues: RequestIssue[]) {}

  only(obj: JsonObject, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.issue('FIELD_UNKNOWN', `${path}.${key}`, `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }

  optional<T>(obj: JsonObject, key: string, read: () => T | undefined): T | undefined {
    return obj[key] === undefined || obj[key] === null ? undefined : read();
  }

  object(obj: JsonObject, path: string, key: string): JsonObject | undefined {
    const value = this.present(obj, path, key);
    if (value === undefined) return undefined;
    if (isObject(value)) return value;
    return this.typeIssue(path, key, 'an object', value);
  }

  string(obj: JsonObject, path: string, key: string): string | undefined {
    const value = this.present(obj, path, key);
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    return this.typeIssue(path, key, 'a string', value);
  }

  id(obj: JsonObject, path: string, key: string): string | undefined {
    const value = this.string(obj, path, key);
    if (value === undefined) return undefined;
    if (value.length === 0 || value.length > MAX_ID_LENGTH) {
      return this.formatIssue(path, key, `expected 1 to ${MAX_ID_LENGTH} characters, got ${value.length}`);
    }
    return value;
  }

  matching(obj: JsonObject, path: string, key: string, pattern: RegExp, expected: string): string | undefined {
    const value = this.string(obj, path, key);
    if (value === undefined) return undefined;
    if (pattern.test(value)) return value;
    return this.formatIssue(path, key, `expected ${expected}, got ${preview(value)}`);
  }

  number(obj: JsonObject, path: string, key: string): number | undefined {
    const value = this.present(obj, path, key);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return value;
    return this.typeIssue(path, key, 'a number', value);
  }

  integerIn(obj: JsonObject, path: string, key: string, min: number, max: number): number | undefined {
    const value = this.number(obj, path, key);
    if (value === undefined) return undefined;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    return this.formatIssue(path, key, `expected a whole number from ${min} to ${max}, got ${value}`);
  }

  timestamp(obj: JsonObject, path: string, key: string): Timestamp | undefined {
    const value = this.string(obj, path, key);
    if (value === undefined) return undefined;
    const parsed = parseTimestamp(value);
    if (parsed) return parsed;
    return this.formatIssue(path, key, `expected an ISO 8601 date-time with an offset such as "2026-11-23T10:15:00+01:00", got ${preview(value)}`);
  }

  currency(obj: JsonObject, path: string, key: string): Currency | undefined {
    const value = this.string(obj, path, key);
    if (value === undefined) return undefined;
    if (isCurrency(value)) return value;
    this.issue('CURRENCY_UNSUPPORTED', `${path}.${key}`, `unsupported currency ${preview(value)}`);
    return undefined;
  }

  channel(obj: JsonObject, path: string, key: string): Channel | undefined {
    const value = this.string(obj, path, key);
    if (value === undefined) return undefined;
    const channel = CHANNELS.find((c) => c === value);
    if (channel) return channel;
    return this.formatIssue(path, key, `expected one of ${CHANNELS.join(', ')}, got ${preview(value)}`);
  }

  private present(obj: JsonObject, path: string, key: string): unknown {
    const value = obj[key];
    if (value === undefined || value === null) this.issue('FIELD_MISSING', `${path}.${key}`, 'required field is missing');
    return value ?? undefined;
  }

  private typeIssue(path: string, key: string, expected: string, value: unknown): undefined {
    this.issue('FIELD_TYPE', `${path}.${key}`, `expected ${expected}, got ${jsonType(value)}`);
    return undefined;
  }

  private formatIssue(path: string, key: string, message: string): undefined {
    this.issue('FIELD_FORMAT', `${path}.${key}`, message);
    return undefined;
  }

  private issue(code: RequestCode, path: string, message: string): void {
    this.issues.push({ code, path, message });
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function preview(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
