import type { NewExchange } from '../../src/core/exchange.js';
import { luhnCheckDigit } from '../../src/util/luhn.js';

/** A deterministic xorshift generator: the same file on every run and every machine. */
export function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** A validator-shaped exchange of about 1.5 KB: a payment with a card number, a decision, ~10 headers. */
export function exchangeAt(i: number, next: () => number): NewExchange {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const partial = `4${digits(14)}`;
  const card = partial + luhnCheckDigit(partial);
  const amount = 100 + Math.floor(next() * 500_000);
  const recordedAt = Date.UTC(2026, 10, 23, 6) + i * 37;
  const request = JSON.stringify({
    transaction_id: `tx-bench-${String(i).padStart(9, '0')}`,
    timestamp: new Date(recordedAt).toISOString(),
    account_id: `ACC-${String(Math.floor(next() * 300)).padStart(5, '0')}`,
    card: { number: card, expiry_month: 1 + Math.floor(next() * 12), expiry_year: 2027 + Math.floor(next() * 5), cvv: digits(3) },
    merchant: { id: `MRC-${String(Math.floor(next() * 40)).padStart(4, '0')}`, category_code: '5411', country: 'DE' },
    amount,
    currency: 'EUR',
    channel: 'ecom',
    customer_country: 'DE',
    ip_country: 'DE',
    device_id: `dev-${digits(12)}`,
  });
  const declined = next() < 0.25;
  const response = JSON.stringify({
    transaction_id: `tx-bench-${String(i).padStart(9, '0')}`,
    decision: declined ? 'decline' : 'approve',
    reason_code: declined ? 'INSUFFICIENT_FUNDS' : null,
    errors: declined ? [{ code: 'INSUFFICIENT_FUNDS', rule: 'balance-precheck', message: 'balance minus holds does not cover the amount' }] : [],
    risk_score: Math.floor(next() * 60),
    risk_signals: [],
    checks: { 'card-number': 'pass', 'card-expiry': 'pass', 'amount-format': 'pass', 'account-status': 'pass', 'merchant-status': 'pass', 'balance-precheck': declined ? 'fail' : 'pass' },
    request_id: `req_${digits(16)}`,
    processed_at: new Date(recordedAt + 1).toISOString(),
  });
  return {
    recordedAt,
    method: 'POST',
    path: '/v1/payments/validate',
    query: '',
    requestHeaders: [
      ['host', '127.0.0.1:8080'],
      ['user-agent', 'bench-client/1.0'],
      ['content-type', 'application/json'],
      ['accept', 'application/json'],
      ['x-request-id', `r-${digits(20)}`],
      ['content-length', String(Buffer.byteLength(request))],
    ],
    requestBody: Buffer.from(request),
    requestTruncated: false,
    response: {
      kind: 'answer',
      status: 200,
      headers: [
        ['content-type', 'application/json; charset=utf-8'],
        ['date', new Date(recordedAt).toUTCString()],
        ['x-request-id', `req_${digits(16)}`],
        ['content-length', String(Buffer.byteLength(response))],
      ],
      body: Buffer.from(response),
      truncated: false,
      latencyUs: 300 + Math.floor(next() * 3_000),
    },
    tags: [],
  };
}
