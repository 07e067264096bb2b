import { describe, expect, test } from 'vitest';
import { parsePayment, type ParseResult } from '../../src/validator/parse-payment.js';

/** A valid request body; pass changes to break it. */
function bodyOf(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transaction_id: 'tx-0001',
    timestamp: '2026-11-23T10:15:00+01:00',
    account_id: 'ACC-00029',
    card: { number: '4111 1111-1111 1111', expiry_month: 12, expiry_year: 2028, cvv: '123' },
    merchant: { id: 'MRC-0011', category_code: '5999', country: 'DE' },
    amount: 2599,
    currency: 'EUR',
    channel: 'ecom',
    customer_country: 'DE',
    ip_country: 'DE',
    device_id: 'dev-7f3a',
    ...changes,
  };
}

const CARD = { number: '4111111111111111', expiry_month: 12, expiry_year: 2028 };
const MERCHANT = { id: 'MRC-0011', category_code: '5999', country: 'DE' };

/** The issues as `CODE path` strings, in the order reported. */
function issuesOf(result: ParseResult): string[] {
  if (result.ok) throw new Error('expected the body to be refused');
  return result.issues.map((i) => `${i.code} ${i.path}`);
}

describe('parsePayment', () => {
  test('parses a valid body into a Payment, stripping card separators', () => {
    expect(parsePayment(bodyOf())).toEqual({
      ok: true,
      payment: {
        transactionId: 'tx-0001',
        timestamp: { epochMs: Date.UTC(2026, 10, 23, 9, 15), offsetMinutes: 60 },
        accountId: 'ACC-00029',
        card: { number: '4111111111111111', expiryMonth: 12, expiryYear: 2028, cvv: '123' },
        merchant: { id: 'MRC-0011', categoryCode: '5999', country: 'DE' },
        amount: 2599,
        currency: 'EUR',
        channel: 'ecom',
        customerCountry: 'DE',
        ipCountry: 'DE',
        deviceId: 'dev-7f3a',
      },
    });
  });

  test('optional fields may be absent or null', () => {
    const absent = bodyOf({ card: CARD });
    delete absent['ip_country'];
    delete absent['device_id'];
    const nulls = bodyOf({ card: { ...CARD, cvv: null }, ip_country: null, device_id: null });
    for (const body of [absent, nulls]) {
      const result = parsePayment(body);
      expect(result).toMatchObject({ ok: true, payment: { ipCountry: undefined, deviceId: undefined, card: { cvv: undefined } } });
    }
  });

  test('leaves judging the amount to the rules: negative and fractional amounts parse', () => {
    expect(parsePayment(bodyOf({ amount: -5 }))).toMatchObject({ ok: true, payment: { amount: -5 } });
    expect(parsePayment(bodyOf({ amount: 25.99 }))).toMatchObject({ ok: true, payment: { amount: 25.99 } });
  });

  test.each([[[]], [null], ['{}'], [42]])('refuses %j with BODY_NOT_OBJECT at $', (body) => {
    expect(issuesOf(parsePayment(body))).toEqual(['BODY_NOT_OBJECT $']);
  });

  test.each([
    ['transaction_id', '$.transaction_id'],
    ['timestamp', '$.timestamp'],
    ['card', '$.card'],
    ['merchant', '$.merchant'],
    ['amount', '$.amount'],
    ['currency', '$.currency'],
  ])('FIELD_MISSING when %s is absent', (key, path) => {
    const body = bodyOf();
    delete body[key];
    expect(issuesOf(parsePayment(body))).toEqual([`FIELD_MISSING ${path}`]);
  });

  test('FIELD_MISSING for a null required field and for nested fields', () => {
    expect(issuesOf(parsePayment(bodyOf({ account_id: null })))).toEqual(['FIELD_MISSING $.account_id']);
    expect(issuesOf(parsePayment(bodyOf({ card: { expiry_month: 12, expiry_year: 2028 } })))).toEqual(['FIELD_MISSING $.card.number']);
    expect(issuesOf(parsePayment(bodyOf({ merchant: { id: 'MRC-1', country: 'DE' } })))).toEqual(['FIELD_MISSING $.merchant.category_code']);
  });

  test.each([
    [{ amount: '25.99' }, '$.amount'],
    [{ card: '4111111111111111' }, '$.card'],
    [{ merchant: ['MRC-1'] }, '$.merchant'],
    [{ transaction_id: 17 }, '$.transaction_id'],
    [{ card: { ...CARD, expiry_month: '12' } }, '$.card.expiry_month'],
    [{ merchant: { ...MERCHANT, category_code: 5999 } }, '$.merchant.category_code'],
    [{ ip_country: true }, '$.ip_country'],
  ])('FIELD_TYPE for %j', (changes, path) => {
    expect(issuesOf(parsePayment(bodyOf(changes)))).toEqual([`FIELD_TYPE ${path}`]);
  });

  test('FIELD_TYPE names the expected and the actual JSON type', () => {
    expect(parsePayment(bodyOf({ amount: '25.99' }))).toEqual({
      ok: false,
      issues: [{ code: 'FIELD_TYPE', path: '$.amount', message: 'expected a number, got a string' }],
    });
  });

  test.each([
    [{ timestamp: '2026-11-23T10:15:00' }, '$.timestamp'],
    [{ timestamp: '2026-02-30T10:15:00Z' }, '$.timestamp'],
    [{ transaction_id: '' }, '$.transaction_id'],
    [{ account_id: 'A'.repeat(129) }, '$.account_id'],
    [{ channel: 'web' }, '$.channel'],
    [{ customer_country: 'de' }, '$.customer_country'],
    [{ ip_country: 'DEU' }, '$.ip_country'],
    [{ card: { ...CARD, number: '4111-1111-abcd' } }, '$.card.number'],
    [{ card: { ...CARD, number: '4111 1111 1111 1111 ' } }, '$.card.number'],
    [{ card: { ...CARD, expiry_month: 13 } }, '$.card.expiry_month'],
    [{ card: { ...CARD, expiry_month: 1.5 } }, '$.card.expiry_month'],
    [{ card: { ...CARD, expiry_year: 1999 } }, '$.card.expiry_year'],
    [{ card: { ...CARD, cvv: '12' } }, '$.card.cvv'],
    [{ merchant: { ...MERCHANT, category_code: '541' } }, '$.merchant.category_code'],
  ])('FIELD_FORMAT for %j', (changes, path) => {
    expect(issuesOf(parsePayment(bodyOf(changes)))).toEqual([`FIELD_FORMAT ${path}`]);
  });

  test('an id of exactly 128 characters is accepted', () => {
    expect(parsePayment(bodyOf({ account_id: 'A'.repeat(128) })).ok).toBe(true);
  });

  test('FIELD_UNKNOWN for fields the API does not define, at any level', () => {
    const body = bodyOf({ extra: 1, card: { ...CARD, pin: '0000' }, merchant: { ...MERCHANT, name: 'Shop' } });
    expect(issuesOf(parsePayment(body))).toEqual(['FIELD_UNKNOWN $.extra', 'FIELD_UNKNOWN $.card.pin', 'FIELD_UNKNOWN $.merchant.name']);
  });

  test.each(['XYZ', 'eur', ''])('CURRENCY_UNSUPPORTED for %j', (currency) => {
    expect(issuesOf(parsePayment(bodyOf({ currency })))).toEqual(['CURRENCY_UNSUPPORTED $.currency']);
  });

  test('reports several problems at once', () => {
    const body = bodyOf({ amount: 'ten', currency: 'XXX', card: { number: '4111', expiry_month: 0 }, bogus: true });
    delete body['timestamp'];
    expect(issuesOf(parsePayment(body))).toEqual([
      'FIELD_UNKNOWN $.bogus',
      'FIELD_MISSING $.timestamp',
      'FIELD_TYPE $.amount',
      'CURRENCY_UNSUPPORTED $.currency',
      'FIELD_FORMAT $.card.expiry_month',
      'FIELD_MISSING $.card.expiry_year',
    ]);
  });
});
