import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { HeaderList, NewExchange } from '../../src/core/exchange.js';
import { resolveRedaction } from '../../src/redact/redaction-rules.js';
import { createRedactor, REDACTION_TAGS } from '../../src/redact/redactor.js';
import { createUnsealer, REMOVED_CREDENTIAL } from '../../src/redact/sealer.js';
import { exchangeOf } from '../helpers/exchanges.js';

// The cases a new user reproduced against real traffic shapes (issue 10): each one stored a card
// number, a CVV or a credential in clear, or changed data that was not card data.
const KEY = Buffer.from('redactor-cases-key-0123456789');
const SEAL_KEY = Buffer.alloc(32, 7);
const redact = createRedactor(resolveRedaction(), { key: KEY });
const CARD = '4539000000950289';
const GROUPED = '4539 0000 0023 7570';
const GROUPED_DIGITS = '4539000000237570';

function clean(exchange: NewExchange, redactor = redact): NewExchange {
  const result = redactor(exchange);
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail}`);
  return result.exchange;
}

const request = (body: string | Buffer, headers: HeaderList = [], extra: Partial<NewExchange> = {}) =>
  exchangeOf({ requestBody: typeof body === 'string' ? Buffer.from(body) : body, requestHeaders: headers, ...extra });
const response = (body: string | Buffer, headers: HeaderList = []) =>
  exchangeOf({ response: { kind: 'answer', status: 200, headers, body: typeof body === 'string' ? Buffer.from(body) : body, truncated: false, latencyUs: 1 } });
const requestText = (e: NewExchange) => Buffer.from(e.requestBody).toString('utf8');
const responseBytes = (e: NewExchange) => (e.response.kind === 'answer' ? Buffer.from(e.response.body) : Buffer.alloc(0));
/** Everything stored for an exchange, as one string: what a scan of the capture would find. */
const stored = (e: NewExchange) =>
  [e.path, e.query, JSON.stringify(e.requestHeaders), requestText(e), e.response.kind === 'answer' ? JSON.stringify(e.response.headers) + responseBytes(e).toString('utf8') : ''].join('\n');
const FORM = [['content-type', 'application/x-www-form-urlencoded']] as const;
const JSON_TYPE = [['content-type', 'application/json']] as const;

function expectNoCard(e: NewExchange, digits = CARD): void {
  expect(stored(e).replace(/%20|[ .+-]/g, '')).not.toContain(digits);
}

describe('card numbers stored in clear before', () => {
  test.each([
    ['form body, + grouping', 'card=4539+0000+0023+7570&amount=10'],
    ['form body, %20 grouping', 'card=4539%200000%200023%207570&amount=10'],
    ['form body, unnamed field', 'x=4539+0000+0023+7570'],
  ])('%s', (_name, body) => {
    const out = clean(request(body, FORM));
    expectNoCard(out, GROUPED_DIGITS);
    expect(requestText(out)).toMatch(/&amount=10$|^x=/);
    expect(requestText(out)).not.toContain(GROUPED.replace(/ /g, '+'));
  });

  test('query string, + and %20 grouping', () => {
    const out = clean(request('', [], { query: 'card=4539+0000+0023+7570&other=4539%200000%200023%207570&page=2' }));
    expectNoCard(out, GROUPED_DIGITS);
    expect(out.query).toMatch(/^card=4539\+0000\+\d{4}\+\d{4}&other=4539%200000%20\d{4}%20\d{4}&page=2$/);
  });

  test.each([
    ['a JSON number under a card name', `{"cardNumber": ${CARD}}`],
    ['card.num', `{"card": {"num": "${CARD}"}}`],
    ['inside arrays', `{"cards": ["${CARD}", {"pan": ${CARD}}]}`],
    ['as a JSON key', `{"${CARD}": {"limit": 10}}`],
    ['dotted grouping', '{"note": "4539.0000.0095.0289"}'],
    ['a JSON string holding JSON', JSON.stringify({ payload: JSON.stringify({ pan: CARD }) })],
  ])('%s', (_name, body) => {
    expectNoCard(clean(request(body, JSON_TYPE)));
    expectNoCard(clean(response(body, JSON_TYPE)));
  });

  test('base64 sent as JSON or as bytes, and a JWT-shaped value whose payload holds a card', () => {
    const inner = Buffer.from(JSON.stringify({ ref: CARD })).toString('base64');
    expectNoCard({ ...clean(request(inner, JSON_TYPE)), requestBody: Buffer.from(Buffer.from(requestText(clean(request(inner, JSON_TYPE))), 'base64')) });
    const jwt = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ card_number: CARD })).toString('base64url')}.c2lnbmF0dXJl`;
    const out = JSON.parse(requestText(clean(request(JSON.stringify({ note: jwt }), JSON_TYPE)))) as { note: string };
    // The surrogate keeps the card's first 8 digits: the card itself must be gone, not only the shape kept.
    const payload = (note: string) => Buffer.from(note.split('.')[1] ?? '', 'base64url').toString();
    expect(payload(out.note)).toMatch(/^\{"card_number":"45390000\d{8}"\}$/);
    expect(payload(out.note)).not.toContain(CARD);
    // The shortest first segment a JWT-shaped value may have: 4 characters before its first dot.
    const short = `abcd.${Buffer.from(JSON.stringify({ card_number: CARD })).toString('base64url')}.sig0`;
    const shortOut = JSON.parse(requestText(clean(request(JSON.stringify({ note: short }), JSON_TYPE)))) as { note: string };
    expect(payload(shortOut.note)).toMatch(/^\{"card_number":"45390000\d{8}"\}$/);
    expect(payload(shortOut.note)).not.toContain(CARD);
  });

  test('a JSON number by evidence keeps its type and length', () => {
    const out = requestText(clean(request(`{"n": ${CARD}}`, JSON_TYPE)));
    expect(out).toMatch(/^\{"n": 45390000\d{8}\}$/);
    expectNoCard(clean(request(`{"n": ${CARD}}`)));
  });

  test('UTF-16 bodies (with a BOM, and by charset)', () => {
    const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    const out = clean(request(utf16(`{"card": "${CARD}"}`), JSON_TYPE));
    const text = Buffer.from(out.requestBody).subarray(2).toString('utf16le');
    expect(text).toMatch(/^\{"card": "45390000\d{8}"\}$/);
    expect(text).not.toContain(CARD);
    const byCharset = clean(request(Buffer.from(`pan=${CARD}`, 'utf16le'), [['content-type', 'text/plain; charset=utf-16le']]));
    expect(Buffer.from(byCharset.requestBody).toString('utf16le')).not.toContain(CARD);
  });

  test('base64 bodies and base64 values', () => {
    const inner = Buffer.from(JSON.stringify({ card: { number: CARD, cvv: '123' } })).toString('base64');
    const out = clean(request(inner));
    const decoded = Buffer.from(requestText(out), 'base64').toString('utf8');
    expect(decoded).toMatch(/^\{"card":\{"number":"45390000\d{8}","cvv":"\d{3}"\}\}$/);
    expect(decoded).not.toContain(CARD);
    const field = clean(request(JSON.stringify({ blob: inner }), JSON_TYPE));
    expect(Buffer.from((JSON.parse(requestText(field)) as { blob: string }).blob, 'base64').toString()).not.toContain(CARD);
  });

  test.each([
    ['gzip', 'gzip', gzipSync, gunzipSync],
    ['br', 'br', brotliCompressSync, brotliDecompressSync],
  ] as const)('a %s-compressed request and response body', (_name, coding, encode, decode) => {
    const body = encode(Buffer.from(JSON.stringify({ card: { number: CARD }, note: 'hello' })));
    const headers: HeaderList = [...JSON_TYPE, ['content-encoding', coding]];
    const req = clean(request(body, headers));
    const res = clean(response(body, headers));
    for (const bytes of [Buffer.from(req.requestBody), responseBytes(res)]) {
      const text = decode(bytes).toString('utf8');
      expect(text).toMatch(/^\{"card":\{"number":"45390000\d{8}"\},"note":"hello"\}$/);
      expect(text).not.toContain(CARD);
    }
  });

  test('an undecodable compressed body is withheld, and the exchange says so', () => {
    const result = redact(request(Buffer.from('not gzip at all'), [['content-encoding', 'gzip']]));
    expect(result.ok && result.withheld).toBe(1);
    const out = clean(request(Buffer.from('not gzip at all'), [['content-encoding', 'gzip']]));
    expect(out.requestBody.byteLength).toBe(0);
    expect(out.tags).toContain(REDACTION_TAGS.requestBodyWithheld);
    expect(clean(request(Buffer.from('x'), [['content-encoding', 'compress']])).tags).toContain(REDACTION_TAGS.requestBodyWithheld);
  });

  test('Luhn-invalid numbers in card fields (a mistyped card) are tokenised and stay invalid', () => {
    const typo = '4539000000950288';
    for (const body of [`{"card_number": "${typo}"}`, `{"card": {"number": ${typo}}}`, `pan=${typo}`, `<cardNumber>${typo}</cardNumber>`]) {
      const out = clean(request(body));
      expect(stored(out)).not.toContain(typo);
      expect(stored(out)).toMatch(/45390000\d{8}/);
    }
    expect(clean(request('', [['X-Card-Number', typo]])).requestHeaders).not.toContainEqual(['X-Card-Number', typo]);
  });

  test('a body cut at the size cap keeps no digit of a card that crosses the cap', () => {
    const capped = createRedactor(resolveRedaction(), { key: KEY, maxBodyBytes: 20 });
    // The recorder keeps a lookahead past the cap, so the card is seen whole before the cut.
    const out = clean({ ...request(`{"note": "paid with ${CARD} today"}`), requestTruncated: true }, capped);
    expect(requestText(out)).toHaveLength(20);
    expect(requestText(out)).not.toContain(CARD.slice(0, 10));
    const json = clean({ ...request(`{"a": 1, "cardNumber": "${CARD.slice(0, 12)}`), requestTruncated: true }, capped);
    expect(stored(json)).not.toContain(CARD.slice(0, 12));
  });
});

describe('CVVs stored in clear before', () => {
  test.each([
    ['cvvCode', '{"cvvCode": "5832"}'],
    ['card_cvv', '{"card_cvv": "5832"}'],
    ['cvn', '{"cvn": 5832}'],
    ['verification_code', '{"payment": {"verification_code": "5832"}}'],
    ['form cvv_code', 'cvv_code=5832&x=1'],
    ['text', 'Card ok. CVV: 5832, thanks'],
    ['text without a colon', 'cvv 5832'],
    ['XML', '<payment><cvv>5832</cvv></payment>'],
    ['XML with a namespace', '<p:payment xmlns:p="u"><p:cvc2>5832</p:cvc2></p:payment>'],
    ['XML CDATA', '<p><cvv><![CDATA[5832]]></cvv></p>'],
    ['nested under a CVV name', '{"security_code": {"value": "5832"}}'],
    ['nested in XML', '<p><cvv><value>5832</value></cvv></p>'],
    ['a label of several words', 'Security code: 5832. Card verification value 5832.'],
    // Each label alone, no colon: scrubText looks for a CVV label only in text that may hold one.
    ['security code without a colon', 'Security code 5832 given'],
    ['verification value without a colon', 'card verification value 5832'],
    ['verification number without a colon', 'VERIFICATION NUMBER 5832'],
    ['CSC without a colon', 'csc 5832'],
  ])('%s', (_name, body) => {
    const out = clean(request(body));
    expect(stored(out)).not.toContain('5832');
    expect(requestText(out)).toHaveLength(body.length);
  });

  test('header X-CVV and query ?cvv_code=', () => {
    const out = clean(request('', [['X-CVV', '5832']], { query: 'cvv_code=5832' }));
    expect(stored(out)).not.toContain('5832');
    expect(out.requestHeaders[0]?.[1]).toMatch(/^\d{4}$/);
    expect(out.query).toMatch(/^cvv_code=\d{4}$/);
  });

  test('a 2-digit CVV becomes 2 random digits, not null', () => {
    const out = JSON.parse(requestText(clean(request('{"card": {"cvv": "42"}}')))) as { card: { cvv: unknown } };
    expect(out.card.cvv).toMatch(/^\d{2}$/);
  });
});

describe('credentials stored in clear before', () => {
  const headers: HeaderList = [
    ['X-Auth-Token', 'tok-1'],
    ['Api-Key', 'key-1'],
    ['X-Access-Token', 'tok-2'],
    ['X-Amz-Security-Token', 'tok-3'],
    ['X-CSRF-Token', 'tok-4'],
    ['Authentication', 'tok-5'],
    ['Authorization', 'Bearer tok-6'],
    ['Cookie', 'sid=tok-7'],
    ['Idempotency-Key', 'keep-me'],
    ['Accept', 'application/json'],
  ];

  test('credential headers are removed from requests and responses; others kept', () => {
    const out = clean({ ...request('', headers), response: { kind: 'answer', status: 200, headers: [...headers, ['Set-Cookie', 'sid=tok-8']], body: Buffer.alloc(0), truncated: false, latencyUs: 1 } });
    expect(out.requestHeaders).toEqual([
      ['Idempotency-Key', 'keep-me'],
      ['Accept', 'application/json'],
    ]);
    expect(out.response.kind === 'answer' && out.response.headers).toEqual(out.requestHeaders);
    expect(stored(out)).not.toMatch(/tok-\d/);
    expect(out.tags).toContain(REDACTION_TAGS.removed);
  });

  test('query ?api_key= and ?access_token=, JSON password and token, form password', () => {
    const out = clean(request('{"user": "ada", "password": "hunter2", "token": "tok-9", "max_tokens": 5}', JSON_TYPE, { query: 'api_key=k-1&access_token=t-1&page=2' }));
    expect(out.query).toBe(`api_key=${REMOVED_CREDENTIAL}&access_token=${REMOVED_CREDENTIAL}&page=2`);
    expect(requestText(out)).toBe(`{"user": "ada", "password": "${REMOVED_CREDENTIAL}", "token": "${REMOVED_CREDENTIAL}", "max_tokens": 5}`);
    expect(requestText(clean(request('user=ada&password=hunter2', FORM)))).toBe(`user=ada&password=${REMOVED_CREDENTIAL}`);
  });

  test('with a seal key, credentials are sealed (unreadable) and open again under the key', () => {
    const sealing = createRedactor(resolveRedaction(), { key: KEY, sealKey: SEAL_KEY });
    const out = clean(request('{"password": "hunter2"}', [['Cookie', 'sid=tok-7'], ...JSON_TYPE], { query: 'api_key=k-1' }), sealing);
    expect(stored(out)).not.toMatch(/hunter2|tok-7|k-1/);
    expect(out.tags).toContain(REDACTION_TAGS.sealed);
    const unsealer = createUnsealer(SEAL_KEY);
    expect(unsealer.unseal(out.requestHeaders[0]?.[1] ?? '').text).toBe('sid=tok-7');
    expect(unsealer.unseal(out.query).text).toBe('api_key=k-1');
    expect(unsealer.unseal(requestText(out)).text).toBe('{"password": "hunter2"}');
    expect(createUnsealer(Buffer.alloc(32, 8)).unseal(out.query)).toMatchObject({ opened: 0, failed: 1 });
    // Redacting a sealed value again (an import of an export) leaves it sealed once.
    expect(clean(out, sealing).query).toBe(out.query);
  });

  test('configurable both ways', () => {
    const custom = createRedactor(resolveRedaction({ credentialNames: ['X-Tenant-Ref'], notCredentialNames: ['next_page_token'] }), { key: KEY });
    const out = clean(request('{"next_page_token": "p2"}', [['X-Tenant-Ref', 'secret-ish'], ...JSON_TYPE]), custom);
    expect(out.requestHeaders).toEqual(JSON_TYPE);
    expect(requestText(out)).toBe('{"next_page_token": "p2"}');
  });
});

describe('shapes an independent review found leaking', () => {
  const secrets = '{"password":"hunter2","cvv":"5832","card_number":"4111 1111 1111 1119"}';
  test.each(['application/vnd.api+json', 'application/octet-stream', 'application/x-custom'])('a JSON body sent as %s', (type) => {
    const out = stored(clean(request(secrets, [['content-type', type]])));
    expect(out).not.toMatch(/hunter2|5832|4111 1111 1111 1119/);
  });

  test('an ISO-8859-1 SOAP body: cleaned, and its other bytes kept', () => {
    const body = Buffer.from('<p><name>José</name><cvv>5832</cvv><password>hunter2</password></p>', 'latin1');
    const out = Buffer.from(clean(request(body, [['content-type', 'text/xml; charset=iso-8859-1']])).requestBody);
    expect(out.toString('latin1')).toMatch(/^<p><name>José<\/name><cvv>\d{4}<\/cvv><password>parity-redacted<\/password><\/p>$/);
    expect(out.toString('latin1')).not.toContain('5832');
  });

  test('values nested under a credential name, and plural names', () => {
    const out = requestText(clean(request('{"password":{"new":"hunter2"},"tokens":{"refresh":"r-1"},"api_keys":["k-1"],"session":{"expires_in":3600}}', JSON_TYPE)));
    expect(out).not.toMatch(/hunter2|r-1|k-1/);
    expect(out).toContain('"expires_in":3600');
  });

  test('a compressed body cut at the cap keeps no tail of a card number', () => {
    const capped = createRedactor(resolveRedaction(), { key: KEY, maxBodyBytes: 64 });
    const whole = gzipSync(Buffer.from(`${'x'.repeat(4000)} paid with ${CARD} today`));
    const cut = whole.subarray(0, whole.length - 20);
    const out = clean({ ...request(cut, [['content-encoding', 'gzip']]), requestTruncated: true }, capped);
    const text = gunzipSync(Buffer.from(out.requestBody), { finishFlush: 2 }).toString();
    expect(text).not.toMatch(/4539\d{8,}/);
  });

  test('a body that shrinks (a credential removed) does not bring a cut card tail into the kept bytes', () => {
    const capped = createRedactor(resolveRedaction(), { key: KEY, maxBodyBytes: 200 });
    const body = `access_token=${'t'.repeat(250)}&note=paid+with+${CARD.slice(0, 15)}`;
    const out = clean({ ...request(body, FORM), requestTruncated: true }, capped);
    expect(requestText(out)).not.toContain(CARD.slice(0, 12));
  });

  test('a base64 header value, a card as a form field name, `;`-separated query fields', () => {
    const payload = Buffer.from(JSON.stringify({ cvv: '5832', pan: CARD })).toString('base64');
    const out = clean(request('', [['X-Payload', payload]], { query: `${CARD}&a=1;password=x&b=2` }));
    expect(stored(out)).not.toContain(CARD);
    expect(Buffer.from(out.requestHeaders[0]?.[1] ?? '', 'base64').toString()).not.toMatch(/5832|4539000000950289/);
    expect(out.query).toMatch(/;password=parity-redacted&b=2$/);
  });

  test('Content-Length follows a body redaction changed', () => {
    const out = clean(request('{"password":"x"}', [['content-type', 'application/json'], ['content-length', '16']]));
    expect(out.requestHeaders).toContainEqual(['content-length', String(out.requestBody.byteLength)]);
  });
});

describe('data that is not card data stays as it was', () => {
  test('paths with a colon method, a card object\'s other fields, names that describe a credential', () => {
    const out = clean(request('{"card":{"created":1700000000000,"holder":"Ada"},"token_type":"Bearer","auth_status":"ok","authorization_code":"A1B2C3","session_timeout":300}', JSON_TYPE, { path: '/v1/auth:login' }));
    expect(out.path).toBe('/v1/auth:login');
    expect(requestText(out)).toBe('{"card":{"created":1700000000000,"holder":"Ada"},"token_type":"Bearer","auth_status":"ok","authorization_code":"A1B2C3","session_timeout":300}');
  });

  test('a Luhn-valid epoch-millisecond order id in the query and the response', () => {
    const out = clean({ ...response('{"order_id": 1732890000000, "ts": "1732890000000"}', JSON_TYPE), query: 'order_id=1732890000000' });
    expect(out.query).toBe('order_id=1732890000000');
    expect(responseBytes(out).toString()).toBe('{"order_id": 1732890000000, "ts": "1732890000000"}');
  });

  test('digit runs inside hex digests, UUIDs, IBANs and phone numbers', () => {
    const body = JSON.stringify({
      md5: 'a4539000000950289b4539000000950289',
      sha1: '4539000000950289d0c3e7b2f1a0c9d8e7f6a5b4',
      uuid: '45390000-0095-0289-a000-000000000000',
      iban: 'DE89 3704 0044 0532 0130 00',
      phone: '+4539000000950289',
    });
    expect(requestText(clean(request(body, JSON_TYPE)))).toBe(body);
  });
});
