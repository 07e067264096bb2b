import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import { createCardTokenizer } from '../../src/redact/card-surrogate.js';
import { resolveRedaction } from '../../src/redact/redaction-rules.js';
import { createRedactor } from '../../src/redact/redactor.js';
import { exchangeOf } from '../helpers/exchanges.js';

const KEY = Buffer.from('redactor-test-key-0123456789');
const redact = createRedactor(resolveRedaction(), { key: KEY });
const tokenize = createCardTokenizer(KEY);

function withBody(body: string, overrides: Partial<NewExchange> = {}): NewExchange {
  return exchangeOf({ requestBody: Buffer.from(body), ...overrides });
}

function cleaned(exchange: NewExchange): NewExchange {
  const result = redact(exchange);
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail}`);
  return result.exchange;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('redaction', () => {
  test('credential headers are removed, others kept in order', () => {
    const out = cleaned(
      exchangeOf({
        requestHeaders: [['Authorization', 'Bearer s3cret'], ['content-type', 'application/json'], ['Cookie', 'sid=1'], ['X-API-Key', 'k'], ['x-trace', 't']],
        response: { kind: 'answer', status: 200, headers: [['Set-Cookie', 'sid=2'], ['content-type', 'application/json']], body: Buffer.from('{}'), truncated: false, latencyUs: 1 },
      }),
    );
    expect(out.requestHeaders).toEqual([['content-type', 'application/json'], ['x-trace', 't']]);
    expect(out.response.kind === 'answer' && out.response.headers).toEqual([['content-type', 'application/json']]);
  });

  test('configured header names are removed too', () => {
    const custom = createRedactor(resolveRedaction({ headers: ['X-Session'] }), { key: KEY });
    const result = custom(exchangeOf({ requestHeaders: [['x-session', 'abc'], ['accept', '*/*']] }));
    expect(result.ok && result.exchange.requestHeaders).toEqual([['accept', '*/*']]);
  });

  test('card numbers at card paths and anywhere in JSON strings are tokenised, every other byte kept', () => {
    const body = '{ "card": {"number": "4111 1111 1111 1111", "expiry_month": 12},\n  "note": "paid with 5500-0000-0000-0004 today", "amount": 1.50 }';
    const out = text(cleaned(withBody(body)).requestBody);
    expect(out).toBe(
      body.replace('4111 1111 1111 1111', tokenize('4111 1111 1111 1111')).replace('5500-0000-0000-0004', tokenize('5500-0000-0000-0004')),
    );
    expect(out).not.toContain('4111 1111 1111 1111');
    expect(out).toContain('"amount": 1.50 }');
  });

  test('a Luhn-invalid number at a card path is tokenised too (it stays invalid)', () => {
    const out = text(cleaned(withBody('{"card":{"number":"4111111111111112"}}')).requestBody);
    expect(out).toBe(`{"card":{"number":"${tokenize('4111111111111112')}"}}`);
  });

  test('long digit strings that are not Luhn-valid and not at a card path stay', () => {
    const body = '{"order_id":"1234567890123456","ts":"1763892000000"}';
    expect(text(cleaned(withBody(body)).requestBody)).toBe(body);
  });

  test('CVV/CVC values become random digits of the same length', () => {
    const out = JSON.parse(text(cleaned(withBody('{"card":{"cvv":"123","CVC2":"4567"}}')).requestBody)) as { card: { cvv: string; CVC2: string } };
    expect(out.card.cvv).toMatch(/^\d{3}$/);
    expect(out.card.CVC2).toMatch(/^\d{4}$/);
  });

  test('within one run the same CVV always gets the same digits (retries stay exact); another run draws others', () => {
    const cvvs = ['123', '4567', '999', '0001', '314'];
    const body = (cvv: string) => `{"card":{"cvv":"${cvv}"}}`;
    const once = cvvs.map((c) => text(cleaned(withBody(body(c))).requestBody));
    expect(cvvs.map((c) => text(cleaned(withBody(body(c))).requestBody))).toEqual(once);
    const otherRun = createRedactor(resolveRedaction(), { key: KEY });
    const again = cvvs.map((c) => {
      const r = otherRun(withBody(body(c)));
      return r.ok ? text(r.exchange.requestBody) : '';
    });
    expect(again).not.toEqual(once);
  });

  test('form-encoded and plain-text bodies, paths and queries are cleaned as text', () => {
    const out = cleaned(
      withBody('pan=4111111111111111&cvv=123&x=1', {
        path: '/cards/4111111111111111/charge',
        query: 'card=4111-1111-1111-1111',
      }),
    );
    expect(text(out.requestBody)).toMatch(new RegExp(`^pan=${tokenize('4111111111111111')}&cvv=\\d{3}&x=1$`));
    expect(out.path).toBe(`/cards/${tokenize('4111111111111111')}/charge`);
    expect(out.query).toBe(`card=${tokenize('4111-1111-1111-1111')}`);
  });

  test('response bodies are redacted like requests', () => {
    const out = cleaned(exchangeOf({ response: { kind: 'answer', status: 200, headers: [], body: Buffer.from('{"echo":"4111111111111111"}'), truncated: false, latencyUs: 1 } }));
    expect(out.response.kind === 'answer' && text(out.response.body)).toBe(`{"echo":"${tokenize('4111111111111111')}"}`);
  });

  test('bodies that are not UTF-8 keep every byte they do not redact', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0x00, 0x81]), Buffer.from(' 4111111111111111 ')]);
    const out = Buffer.from(cleaned(withBody('', { requestBody: body })).requestBody);
    expect([...out.subarray(0, 3)]).toEqual([0xff, 0x00, 0x81]);
    expect(out.subarray(3).toString('latin1')).toBe(` ${tokenize('4111111111111111')} `);
  });

  test('drop and mask paths', () => {
    const custom = createRedactor(resolveRedaction({ dropPaths: ['$.customer.email'], maskPaths: ['$.customer.name'] }), { key: KEY });
    const result = custom(withBody('{"customer":{"email":"a@b.c","name":"Ada L"}}'));
    expect(result.ok && text(result.exchange.requestBody)).toBe('{"customer":{"email":null,"name":"*****"}}');
  });

  test.each([
    ['track 1 data', '{"track1":"%B4111111111111111^DOE/JOHN^2812101000000000"}', 'track-data'],
    ['track 2 data', 'raw=;4111111111111111=28121010000000000?', 'track-data'],
  ])('%s: the exchange is refused, not stored', (_name, body, reason) => {
    const result = redact(withBody(body));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(reason);
  });

  test('a PIN block is destroyed in place: same length, the exchange kept', () => {
    const out = text(cleaned(withBody('{"card":{"pin_block":"0412AC89ABCDEF67"}}')).requestBody);
    expect(out).toMatch(/^\{"card":\{"pin_block":"\d{16}"\}\}$/);
    expect(out).not.toContain('0412AC89ABCDEF67');
  });
});
