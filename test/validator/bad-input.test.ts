import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REQUEST_CODES, type RequestCode } from '../../src/validator/error-codes.js';
import { createValidator, listenValidator, type ListeningValidator } from '../../src/validator/index.js';
import { MAX_BODY_BYTES } from '../../src/validator/server.js';
import { cardNumber } from '../helpers/validator-seed.js';
import { rawRequest, type RawReply, type RawRequest } from '../helpers/validator-http.js';

const VALIDATE = '/v1/payments/validate';
const JSON_TYPE = { 'content-type': 'application/json' };
const APPROVE: Record<string, unknown> = JSON.parse(readFileSync(new URL('../fixtures/validator/payments/approve.json', import.meta.url), 'utf8'));

/** The approved fixture with changes: `undefined` removes a field; dotted keys reach into card and merchant. */
function payment(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const body = structuredClone(APPROVE) as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(changes)) {
    const [outer, inner] = key.split('.') as [string, string | undefined];
    const target: Record<string, unknown> = inner === undefined ? body : (body[outer] as Record<string, unknown>);
    const field = inner ?? outer;
    if (value === undefined) delete target[field];
    else target[field] = value;
  }
  return body;
}

const postJson = (body: unknown): RawRequest => ({ path: VALIDATE, headers: JSON_TYPE, body: JSON.stringify(body) });
const postText = (body: string, headers: Record<string, string> = JSON_TYPE): RawRequest => ({ path: VALIDATE, headers, body });

interface Row {
  readonly name: string;
  readonly request: RawRequest;
  readonly status: number;
  /** Every issue of the answer, in order: [code, JSON path]. */
  readonly issues: readonly (readonly [RequestCode, string])[];
  readonly allow?: string;
}

/** In the order the parser reports them: scalar fields first, then card and merchant. */
const REQUIRED_TOP = ['transaction_id', 'timestamp', 'account_id', 'amount', 'currency', 'channel', 'customer_country', 'card', 'merchant'];
const REQUIRED_NESTED = ['card.number', 'card.expiry_month', 'card.expiry_year', 'merchant.id', 'merchant.category_code', 'merchant.country'];
const jsonPath = (key: string) => `$.${key}`;

// Payments the server accepts each get their own card, so card velocity never trips across rows.
let cards = 0;
const accepted = (id: string, changes: Record<string, unknown> = {}) => payment({ transaction_id: id, 'card.number': cardNumber(++cards), ...changes });

/** A valid payment padded with trailing spaces to exactly `size` bytes. */
const padded = (size: number, id: string) => {
  const json = JSON.stringify(accepted(id));
  return json + ' '.repeat(size - Buffer.byteLength(json));
};
const oversized = padded(MAX_BODY_BYTES + 1, 'tx-oversized');

const ROWS: Row[] = [
  // The body is not a JSON object.
  { name: 'malformed JSON (truncated)', request: postText('{"transaction_id": "tx-1", '), status: 400, issues: [['BODY_MALFORMED_JSON', '$']] },
  { name: 'malformed JSON (trailing comma)', request: postText('{"amount": 1,}'), status: 400, issues: [['BODY_MALFORMED_JSON', '$']] },
  { name: 'malformed JSON (single quotes)', request: postText("{'amount': 1}"), status: 400, issues: [['BODY_MALFORMED_JSON', '$']] },
  { name: 'empty body', request: postText(''), status: 400, issues: [['BODY_EMPTY', '$']] },
  { name: 'body of only whitespace', request: postText(' \r\n\t '), status: 400, issues: [['BODY_EMPTY', '$']] },
  { name: 'empty body without a content-length', request: { path: VALIDATE, headers: JSON_TYPE, chunks: [] }, status: 400, issues: [['BODY_EMPTY', '$']] },
  { name: 'JSON array', request: postJson([APPROVE]), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'empty JSON array', request: postText('[]'), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'JSON string', request: postText('"pay me"'), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'JSON null', request: postText('null'), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'JSON number', request: postText('2599'), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'JSON true', request: postText('true'), status: 400, issues: [['BODY_NOT_OBJECT', '$']] },
  { name: 'empty JSON object: every required field missing', request: postText('{}'), status: 400, issues: REQUIRED_TOP.map((k) => ['FIELD_MISSING', jsonPath(k)] as const) },

  // Content type.
  { name: 'Content-Type text/plain', request: postText(JSON.stringify(APPROVE), { 'content-type': 'text/plain' }), status: 400, issues: [['CONTENT_TYPE_UNSUPPORTED', '$']] },
  { name: 'no Content-Type', request: postText(JSON.stringify(APPROVE), {}), status: 400, issues: [['CONTENT_TYPE_UNSUPPORTED', '$']] },
  { name: 'Content-Type application/jsonp', request: postText(JSON.stringify(APPROVE), { 'content-type': 'application/jsonp' }), status: 400, issues: [['CONTENT_TYPE_UNSUPPORTED', '$']] },
  { name: 'Content-Type form-urlencoded', request: postText('amount=1', { 'content-type': 'application/x-www-form-urlencoded' }), status: 400, issues: [['CONTENT_TYPE_UNSUPPORTED', '$']] },

  // Missing fields, absent or null.
  ...REQUIRED_TOP.map((k): Row => ({ name: `missing ${k}`, request: postJson(payment({ [k]: undefined })), status: 400, issues: [['FIELD_MISSING', jsonPath(k)]] })),
  ...REQUIRED_NESTED.map((k): Row => ({ name: `missing ${k}`, request: postJson(payment({ [k]: undefined })), status: 400, issues: [['FIELD_MISSING', jsonPath(k)]] })),
  { name: 'amount null', request: postJson(payment({ amount: null })), status: 400, issues: [['FIELD_MISSING', '$.amount']] },
  { name: 'card.number null', request: postJson(payment({ 'card.number': null })), status: 400, issues: [['FIELD_MISSING', '$.card.number']] },

  // Wrong JSON types.
  { name: 'amount as a string', request: postJson(payment({ amount: '25.99' })), status: 400, issues: [['FIELD_TYPE', '$.amount']] },
  { name: 'amount as an array', request: postJson(payment({ amount: [2599] })), status: 400, issues: [['FIELD_TYPE', '$.amount']] },
  { name: 'transaction_id as a number', request: postJson(payment({ transaction_id: 17 })), status: 400, issues: [['FIELD_TYPE', '$.transaction_id']] },
  { name: 'timestamp as epoch seconds', request: postJson(payment({ timestamp: 1_795_000_000 })), status: 400, issues: [['FIELD_TYPE', '$.timestamp']] },
  { name: 'currency as an ISO number', request: postJson(payment({ currency: 978 })), status: 400, issues: [['FIELD_TYPE', '$.currency']] },
  { name: 'card as a string', request: postJson(payment({ card: '4111111111111111' })), status: 400, issues: [['FIELD_TYPE', '$.card']] },
  { name: 'merchant as an array', request: postJson(payment({ merchant: [] })), status: 400, issues: [['FIELD_TYPE', '$.merchant']] },
  { name: 'card.number as a number', request: postJson(payment({ 'card.number': 4_111_111_111_111_111 })), status: 400, issues: [['FIELD_TYPE', '$.card.number']] },
  { name: 'card.expiry_month as a string', request: postJson(payment({ 'card.expiry_month': '12' })), status: 400, issues: [['FIELD_TYPE', '$.card.expiry_month']] },
  { name: 'merchant.id as a boolean', request: postJson(payment({ 'merchant.id': true })), status: 400, issues: [['FIELD_TYPE', '$.merchant.id']] },
  { name: 'ip_country as an object', request: postJson(payment({ ip_country: { code: 'DE' } })), status: 400, issues: [['FIELD_TYPE', '$.ip_country']] },
  { name: 'card.cvv as a number', request: postJson(payment({ 'card.cvv': 123 })), status: 400, issues: [['FIELD_TYPE', '$.card.cvv']] },

  // Right type, wrong format.
  { name: 'empty transaction_id', request: postJson(payment({ transaction_id: '' })), status: 400, issues: [['FIELD_FORMAT', '$.transaction_id']] },
  { name: 'transaction_id of 129 characters', request: postJson(payment({ transaction_id: 'x'.repeat(129) })), status: 400, issues: [['FIELD_FORMAT', '$.transaction_id']] },
  { name: 'card.expiry_month 13', request: postJson(payment({ 'card.expiry_month': 13 })), status: 400, issues: [['FIELD_FORMAT', '$.card.expiry_month']] },
  { name: 'card.expiry_month 1.5', request: postJson(payment({ 'card.expiry_month': 1.5 })), status: 400, issues: [['FIELD_FORMAT', '$.card.expiry_month']] },
  { name: 'card.expiry_year 1999', request: postJson(payment({ 'card.expiry_year': 1999 })), status: 400, issues: [['FIELD_FORMAT', '$.card.expiry_year']] },
  { name: 'card.number with letters', request: postJson(payment({ 'card.number': '4111-abcd-1111-1111' })), status: 400, issues: [['FIELD_FORMAT', '$.card.number']] },
  { name: 'card.cvv of 2 digits', request: postJson(payment({ 'card.cvv': '12' })), status: 400, issues: [['FIELD_FORMAT', '$.card.cvv']] },
  { name: 'lower-case customer_country', request: postJson(payment({ customer_country: 'de' })), status: 400, issues: [['FIELD_FORMAT', '$.customer_country']] },
  { name: 'three-letter merchant.country', request: postJson(payment({ 'merchant.country': 'DEU' })), status: 400, issues: [['FIELD_FORMAT', '$.merchant.country']] },
  { name: 'three-digit merchant.category_code', request: postJson(payment({ 'merchant.category_code': '599' })), status: 400, issues: [['FIELD_FORMAT', '$.merchant.category_code']] },
  { name: 'unknown channel', request: postJson(payment({ channel: 'atm' })), status: 400, issues: [['FIELD_FORMAT', '$.channel']] },

  // Unknown fields.
  { name: 'unknown top-level field', request: postJson(payment({ tip: 100 })), status: 400, issues: [['FIELD_UNKNOWN', '$.tip']] },
  { name: 'unknown top-level field __proto__', request: postText(JSON.stringify(APPROVE).replace(/^\{/, '{"__proto__":{"amount":1},')), status: 400, issues: [['FIELD_UNKNOWN', '$.__proto__']] },
  { name: 'unknown field in card', request: postJson(payment({ 'card.pin': '0000' })), status: 400, issues: [['FIELD_UNKNOWN', '$.card.pin']] },
  { name: 'unknown field in merchant', request: postJson(payment({ 'merchant.mcc': '5999' })), status: 400, issues: [['FIELD_UNKNOWN', '$.merchant.mcc']] },

  // Currency and timestamp.
  { name: 'unknown currency', request: postJson(payment({ currency: 'XYZ' })), status: 400, issues: [['CURRENCY_UNSUPPORTED', '$.currency']] },
  { name: 'lower-case currency', request: postJson(payment({ currency: 'eur' })), status: 400, issues: [['CURRENCY_UNSUPPORTED', '$.currency']] },
  { name: 'timestamp without an offset', request: postJson(payment({ timestamp: '2026-11-23T10:15:00' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp with a space for T', request: postJson(payment({ timestamp: '2026-11-23 10:15:00Z' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp on 30 February', request: postJson(payment({ timestamp: '2026-02-30T10:15:00Z' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp at 24:00', request: postJson(payment({ timestamp: '2026-11-23T24:00:00Z' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp with a +19:00 offset', request: postJson(payment({ timestamp: '2026-11-23T10:15:00+19:00' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp as a date only', request: postJson(payment({ timestamp: '2026-11-23' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },
  { name: 'timestamp in words', request: postJson(payment({ timestamp: 'yesterday' })), status: 400, issues: [['FIELD_FORMAT', '$.timestamp']] },

  // Several problems are reported at once, unknown fields first, then in field order.
  {
    name: 'several problems at once',
    request: postJson(payment({ note: 'x', 'card.pin': '1', amount: undefined, currency: 'XXX', 'merchant.country': 'de' })),
    status: 400,
    issues: [
      ['FIELD_UNKNOWN', '$.note'],
      ['FIELD_MISSING', '$.amount'],
      ['CURRENCY_UNSUPPORTED', '$.currency'],
      ['FIELD_UNKNOWN', '$.card.pin'],
      ['FIELD_FORMAT', '$.merchant.country'],
    ],
  },

  // Size.
  { name: 'body of 64 KiB + 1 byte with a Content-Length', request: postText(oversized), status: 413, issues: [['BODY_TOO_LARGE', '$']] },
  {
    name: 'body of 64 KiB + 1 byte, chunked (no Content-Length)',
    request: { path: VALIDATE, headers: JSON_TYPE, chunks: chunksOf(Buffer.from(oversized), 4_096) },
    status: 413,
    issues: [['BODY_TOO_LARGE', '$']],
  },
  {
    name: 'body of 1 MiB, chunked',
    request: { path: VALIDATE, headers: JSON_TYPE, chunks: chunksOf(Buffer.alloc(1024 * 1024, 0x20), 16_384) },
    status: 413,
    issues: [['BODY_TOO_LARGE', '$']],
  },
  {
    name: 'a Content-Length over the limit is refused before the body is read',
    request: { path: VALIDATE, headers: { ...JSON_TYPE, 'content-length': MAX_BODY_BYTES + 1 }, body: oversized },
    status: 413,
    issues: [['BODY_TOO_LARGE', '$']],
  },

  // Routes and methods.
  { name: 'unknown route', request: { method: 'GET', path: '/v1/payments' }, status: 404, issues: [['ROUTE_NOT_FOUND', '$']] },
  { name: 'unknown route with a body', request: { ...postJson(APPROVE), path: '/v2/payments/validate' }, status: 404, issues: [['ROUTE_NOT_FOUND', '$']] },
  { name: 'validate path with a trailing slash', request: { ...postJson(APPROVE), path: `${VALIDATE}/` }, status: 404, issues: [['ROUTE_NOT_FOUND', '$']] },
  { name: 'route named like an Object.prototype member', request: { method: 'GET', path: '/constructor' }, status: 404, issues: [['ROUTE_NOT_FOUND', '$']] },
  { name: 'GET on the validate route', request: { method: 'GET', path: VALIDATE }, status: 405, issues: [['METHOD_NOT_ALLOWED', '$']], allow: 'POST' },
  { name: 'PUT on the validate route', request: { ...postJson(APPROVE), method: 'PUT' }, status: 405, issues: [['METHOD_NOT_ALLOWED', '$']], allow: 'POST' },
  { name: 'GET on /admin/reset', request: { method: 'GET', path: '/admin/reset' }, status: 405, issues: [['METHOD_NOT_ALLOWED', '$']], allow: 'POST' },
  { name: 'POST on /healthz', request: { method: 'POST', path: '/healthz', headers: JSON_TYPE, body: '{}' }, status: 405, issues: [['METHOD_NOT_ALLOWED', '$']], allow: 'GET' },
  { name: 'DELETE on /healthz', request: { method: 'DELETE', path: '/healthz' }, status: 405, issues: [['METHOD_NOT_ALLOWED', '$']], allow: 'GET' },
];

function chunksOf(buffer: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return chunks;
}

const ERROR_NAMES: Record<number, string> = { 400: 'invalid_request', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large' };

describe('bad input on a real server', () => {
  let server: ListeningValidator;
  beforeAll(async () => {
    server = await listenValidator(createValidator(), '127.0.0.1', 0);
  });
  afterAll(() => server.close());

  test.each(ROWS)('$name → $status', async (row) => {
    const reply = await rawRequest(server.url, row.request);
    expect({ status: reply.status, issues: issuesOf(reply) }).toEqual({ status: row.status, issues: row.issues });
    // Every issue's code belongs to this status, and the whole answer has the documented shape.
    for (const [code] of row.issues) expect(REQUEST_CODES[code].status).toBe(row.status);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.json).toEqual({
      error: ERROR_NAMES[row.status],
      errors: row.issues.map(([code, path]) => ({ code, path, message: expect.stringMatching(/\S/) })),
      request_id: expect.stringMatching(/^req_[0-9a-f-]{36}$/),
    });
    expect(reply.headers['allow']).toBe(row.allow);
  });

  test.each([
    { name: 'Content-Type with a charset', request: postText(JSON.stringify(accepted('tx-charset')), { 'content-type': 'application/json; charset=utf-8' }) },
    { name: 'Content-Type in upper case', request: postText(JSON.stringify(accepted('tx-upper')), { 'content-type': 'APPLICATION/JSON' }) },
    { name: 'a query string on the validate route', request: { ...postJson(accepted('tx-query')), path: `${VALIDATE}?trace=1` } },
    { name: 'body of exactly 64 KiB', request: postText(padded(MAX_BODY_BYTES, 'tx-64k')) },
    { name: 'body of exactly 64 KiB, chunked', request: { path: VALIDATE, headers: JSON_TYPE, chunks: chunksOf(Buffer.from(padded(MAX_BODY_BYTES, 'tx-64k-chunked')), 1_000) } },
    { name: 'null for the optional ip_country and cvv', request: postJson(accepted('tx-nulls', { ip_country: null, 'card.cvv': null })) },
    { name: 'card number grouped with dashes', request: postJson(accepted('tx-dashes', { 'card.number': cardNumber(++cards).replace(/(\d{4})(?=\d)/g, '$1-') })) },
  ])('accepted: $name', async ({ request }) => {
    const reply = await rawRequest(server.url, request);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ decision: 'approve', errors: [] });
  });

  test('after all of that the server still answers /healthz', async () => {
    const reply = await rawRequest(server.url, { method: 'GET', path: '/healthz' });
    expect({ status: reply.status, json: reply.json }).toEqual({ status: 200, json: { status: 'ok' } });
  });
});

function issuesOf(reply: RawReply): [string, string][] | string {
  const errors = (reply.json as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return `no errors array in ${reply.text.slice(0, 200)}`;
  return errors.map((e: { code?: string; path?: string }) => [String(e.code), String(e.path)]);
}
