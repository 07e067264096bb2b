import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BUSINESS_CODES } from '../../src/validator/error-codes.js';
import { createValidator } from '../../src/validator/index.js';
import { RISK_SIGNALS } from '../../src/validator/settings.js';
import { startValidator } from '../helpers/validator-server.js';
import { AccountPicker, balanceOf, cardNumber, limitsInMinorUnits, paymentBody, plainMerchants } from '../helpers/validator-seed.js';

const VALIDATE = '/v1/payments/validate';
const APPROVE: Record<string, unknown> = JSON.parse(readFileSync(new URL('../fixtures/validator/payments/approve.json', import.meta.url), 'utf8'));
const RULES = createValidator().pipeline.rules.map((r) => r.name);
const REQUEST_ID = /^req_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Answer {
  transaction_id: string;
  decision: string;
  reason_code: string | null;
  errors: { code: string; rule: string; message: string }[];
  risk_score: number;
  risk_signals: string[];
  checks: Record<string, string>;
  request_id: string;
  processed_at: string;
}

interface Reply<T = Answer> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function post<T = Answer>(url: string, body: unknown, path = VALIDATE): Promise<Reply<T>> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as T, text };
}

/** The fixture with changes: dotted keys reach into card and merchant. */
function fixture(changes: Record<string, unknown> = {}): Record<string, unknown> {
  const body = structuredClone(APPROVE) as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(changes)) {
    const [outer, inner] = key.split('.') as [string, string | undefined];
    if (inner === undefined) body[outer] = value as Record<string, unknown>;
    else (body[outer] as Record<string, unknown>)[inner] = value;
  }
  return body;
}

/** `checks` with every rule passing except the ones named. */
function checks(overrides: Record<string, 'fail' | 'skip'> = {}): Record<string, string> {
  return Object.fromEntries(RULES.map((rule) => [rule, overrides[rule] ?? 'pass']));
}

/**
 * An account whose balance covers one payment of `amount` but not two: `amount` is just over half
 * the balance (and within the per-transaction maximum).
 */
function halfBalanceScenario(picker = new AccountPicker()) {
  const { max, min } = limitsInMinorUnits('EUR');
  const account = picker.withBalance('EUR', Math.max(10_000, 2 * min), 2 * max - 4);
  const amount = Math.floor(balanceOf(account, 'EUR') / 2) + 1;
  const merchant = plainMerchants('EUR')[0];
  if (!merchant) throw new Error('no plain EUR merchant');
  // One card per transaction id: the same id always gives the same payload.
  const cards = new Map<string, string>();
  const cardFor = (id: string) => cards.get(id) ?? cards.set(id, cardNumber(900 + cards.size)).get(id) ?? '';
  const pay = (id: string, minute: number, changes: { amount?: number } = {}) =>
    paymentBody({
      id,
      timestamp: `2026-06-10T12:${String(minute).padStart(2, '0')}:00Z`,
      account: account.id,
      merchant,
      amount: changes.amount ?? amount,
      currency: 'EUR',
      card: cardFor(id),
    });
  return { account, amount, balance: balanceOf(account, 'EUR'), pay };
}

describe('a 200 answer', () => {
  test('an approval has the documented shape: every rule passes, no errors, a fresh request id and the wall-clock time', async () => {
    const { url } = await startValidator();
    const before = Date.now();
    const reply = await post(url, APPROVE);
    const after = Date.now();

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('idempotent-replayed')).toBeNull();
    expect(Object.keys(reply.body).sort()).toEqual(
      ['checks', 'decision', 'errors', 'processed_at', 'reason_code', 'request_id', 'risk_score', 'risk_signals', 'transaction_id'].sort(),
    );
    expect(reply.body).toMatchObject({ transaction_id: APPROVE['transaction_id'], decision: 'approve', reason_code: null, errors: [] });
    expect(reply.body.checks).toEqual(checks());
    expect(Object.keys(reply.body.checks)).toEqual(RULES);
    expect(Number.isInteger(reply.body.risk_score)).toBe(true);
    expect(reply.body.risk_score).toBeGreaterThanOrEqual(0);
    expect(reply.body.risk_score).toBeLessThanOrEqual(100);
    expect(reply.body.risk_signals.every((s) => (RISK_SIGNALS as readonly string[]).includes(s))).toBe(true);
    expect(reply.body.request_id).toMatch(REQUEST_ID);
    expect(reply.body.processed_at).toMatch(ISO_INSTANT);
    const processed = Date.parse(reply.body.processed_at);
    expect(processed).toBeGreaterThanOrEqual(before);
    expect(processed).toBeLessThanOrEqual(after);
  });

  test('a decline lists every failing rule in rule order, skips what it cannot judge, and picks the reason code by precedence', async () => {
    const { url } = await startValidator();
    const reply = await post(
      url,
      fixture({
        'card.number': '4111111111111112', // fails Luhn
        account_id: 'ACC-99999', // unknown
        'merchant.category_code': '7995', // blocked
        amount: limitsInMinorUnits('EUR').max + 1, // over the maximum
        ip_country: 'FR', // ecom from abroad: COUNTRY_MISMATCH
      }),
    );

    expect(reply.status).toBe(200);
    expect(reply.body.decision).toBe('decline');
    expect(reply.body.errors.map(({ code, rule }) => ({ code, rule }))).toEqual([
      { code: 'CARD_NUMBER_INVALID', rule: 'card-number' },
      { code: 'ACCOUNT_UNKNOWN', rule: 'account-status' },
      { code: 'MERCHANT_CATEGORY_BLOCKED', rule: 'merchant-category' },
      { code: 'LIMIT_PER_TRANSACTION_EXCEEDED', rule: 'transaction-limits' },
    ]);
    for (const e of reply.body.errors) expect(e.message).toMatch(/\S/);
    // Rule order: the errors follow the order of the rules, which is the order of `checks`.
    expect(reply.body.errors.map((e) => e.rule)).toEqual(RULES.filter((r) => reply.body.checks[r] === 'fail'));
    expect(reply.body.reason_code).toBe('CARD_NUMBER_INVALID');
    expect(reply.body.checks).toEqual(
      checks({
        'card-number': 'fail',
        'account-status': 'fail',
        'merchant-category': 'fail',
        'transaction-limits': 'fail',
        // Without an account there is no daily total and no balance to judge.
        'daily-limit': 'skip',
        'balance-precheck': 'skip',
      }),
    );
    expect({ score: reply.body.risk_score, signals: reply.body.risk_signals }).toEqual({ score: 40, signals: ['COUNTRY_MISMATCH'] });
  });

  test('an invalid amount makes every amount rule skip', async () => {
    const { url } = await startValidator();
    const reply = await post(url, fixture({ amount: 25.99 }));
    expect(reply.body).toMatchObject({ decision: 'decline', reason_code: 'AMOUNT_INVALID', errors: [{ code: 'AMOUNT_INVALID', rule: 'amount-format' }] });
    expect(reply.body.checks).toEqual(
      checks({ 'amount-format': 'fail', 'transaction-limits': 'skip', 'merchant-cap': 'skip', 'daily-limit': 'skip', 'balance-precheck': 'skip' }),
    );
  });

  test('a risk score at the threshold is a review with the signals that make it up', async () => {
    const { url } = await startValidator();
    // Domestic ecom from an IP abroad (40) in a high-risk category (30), an ordinary amount: exactly 70.
    const reply = await post(url, fixture({ ip_country: 'US', 'merchant.category_code': '5967' }));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      decision: 'review',
      reason_code: 'RISK_REVIEW',
      errors: [{ code: 'RISK_REVIEW', rule: 'fraud-signals' }],
      risk_score: 70,
      risk_signals: ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY'],
    });
    expect(BUSINESS_CODES.RISK_REVIEW.outcome).toBe('review');
    expect(reply.body.checks).toEqual(checks({ 'fraud-signals': 'fail' }));
  });

  test('every signal at once scores 100 at most', async () => {
    const { url } = await startValidator();
    const reply = await post(url, fixture({ ip_country: 'US', 'merchant.category_code': '5967', 'merchant.country': 'FR', amount: 400_000 }));
    expect(reply.body.risk_signals).toEqual(['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY', 'AMOUNT_UNUSUAL', 'CROSS_BORDER']);
    expect(reply.body.risk_score).toBe(100);
    expect(reply.body.decision).toBe('review');
  });

  test('request_id differs on every call, including 4xx answers', async () => {
    const { url } = await startValidator();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await post(url, fixture({ transaction_id: `tx-rid-${i}`, 'card.number': cardNumber(i + 1) }));
      expect(reply.status).toBe(200);
      ids.push(reply.body.request_id);
    }
    for (let i = 0; i < 3; i++) {
      const reply = await post<{ request_id: string }>(url, '{}');
      expect(reply.status).toBe(400);
      ids.push(reply.body.request_id);
    }
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('idempotent retries', () => {
  test('the same id with the same payload answers the first body again, marked idempotent-replayed', async () => {
    const { url } = await startValidator();
    const first = await post(url, APPROVE);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post(url, APPROVE);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text); // byte for byte: same ids, same time, same field order
    // The same payload written differently (key order, whitespace) is the same payload.
    const reordered = `{\n  ${Object.entries(APPROVE)
      .reverse()
      .map(([k, v]) => `${JSON.stringify(k)} : ${JSON.stringify(v)}`)
      .join(',\n  ')}\n}`;
    const rewritten = await post(url, reordered);
    expect(rewritten.headers.get('idempotent-replayed')).toBe('true');
    expect(rewritten.body).toEqual(first.body);
  });

  test('the same id with another payload is declined DUPLICATE_TRANSACTION_ID, and the first answer stays the one replayed', async () => {
    const { url } = await startValidator();
    const first = await post(url, APPROVE);
    const reused = await post(url, fixture({ amount: (APPROVE['amount'] as number) + 1, 'card.number': cardNumber(77) }));
    expect(reused.status).toBe(200);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(reused.body).toMatchObject({
      transaction_id: APPROVE['transaction_id'],
      decision: 'decline',
      reason_code: 'DUPLICATE_TRANSACTION_ID',
      errors: [{ code: 'DUPLICATE_TRANSACTION_ID', rule: 'duplicate-transaction' }],
    });
    expect(reused.body.checks['duplicate-transaction']).toBe('fail');
    expect(reused.body.request_id).not.toBe(first.body.request_id);

    const retried = await post(url, APPROVE);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
  });

  test('a replay does not run the rules again: it places no second hold', async () => {
    const { url } = await startValidator();
    const { pay, amount, balance } = halfBalanceScenario();
    const first = await post(url, pay('tx-hold-1', 0));
    expect(first.body.decision).toBe('approve');
    for (let i = 0; i < 3; i++) expect((await post(url, pay('tx-hold-1', 0))).headers.get('idempotent-replayed')).toBe('true');
    // Exactly what the single hold leaves: approved only if the replays held nothing.
    const rest = await post(url, pay('tx-hold-2', 5, { amount: balance - amount }));
    expect(rest.body).toMatchObject({ decision: 'approve', errors: [] });
  });
});

describe('POST /admin/reset', () => {
  test('forgets holds: a payment declined for a hold is approved after a reset', async () => {
    const { url } = await startValidator();
    const { pay } = halfBalanceScenario();
    expect((await post(url, pay('tx-a', 0))).body.decision).toBe('approve');
    const second = await post(url, pay('tx-b', 1));
    expect(second.body).toMatchObject({ decision: 'decline', reason_code: 'INSUFFICIENT_FUNDS' });

    const reset = await post<unknown>(url, '', '/admin/reset');
    expect({ status: reset.status, body: reset.body }).toEqual({ status: 200, body: { status: 'reset' } });

    const afterReset = await post(url, pay('tx-c', 2));
    expect(afterReset.body).toMatchObject({ decision: 'approve', reason_code: null, errors: [] });
  });

  test('forgets transaction ids: the first payment is evaluated afresh, not replayed', async () => {
    const { url } = await startValidator();
    const { pay } = halfBalanceScenario();
    const first = await post(url, pay('tx-a', 0));
    expect((await post(url, pay('tx-a', 0))).headers.get('idempotent-replayed')).toBe('true');
    await post(url, '', '/admin/reset');
    const again = await post(url, pay('tx-a', 0));
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.decision).toBe('approve');
    expect(again.body.request_id).not.toBe(first.body.request_id);
    // And another id with the same amount is now the one the hold blocks.
    expect((await post(url, pay('tx-b', 1))).body.reason_code).toBe('INSUFFICIENT_FUNDS');
  });

  test('forgets card uses: a card over its velocity limit is usable again', async () => {
    const { url } = await startValidator();
    const uses = (round: string) =>
      Array.from({ length: 6 }, (_, i) => fixture({ transaction_id: `tx-vel-${round}-${i}`, amount: 100 + i, timestamp: `2026-11-23T10:1${i}:00+01:00` }));
    const decisions = async (round: string) => {
      const out: string[] = [];
      for (const body of uses(round)) out.push((await post(url, body)).body.reason_code ?? 'approve');
      return out;
    };
    expect(await decisions('a')).toEqual(['approve', 'approve', 'approve', 'approve', 'approve', 'VELOCITY_CARD_EXCEEDED']);
    await post(url, '', '/admin/reset');
    expect(await decisions('b')).toEqual(['approve', 'approve', 'approve', 'approve', 'approve', 'VELOCITY_CARD_EXCEEDED']);
  });
});

test('GET /healthz answers 200 {"status":"ok"}', async () => {
  const { url } = await startValidator();
  const res = await fetch(`${url}/healthz`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({ status: 'ok' });
});

describe('decisions do not depend on the wall clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Payments whose outcomes depend on their own timestamps: expiry, velocity, daily totals and holds. */
  function timeSensitivePayments(): Record<string, unknown>[] {
    const picker = new AccountPicker();
    const merchant = plainMerchants('EUR')[0];
    if (!merchant) throw new Error('no plain EUR merchant');
    const { max } = limitsInMinorUnits('EUR');
    const rich = picker.withBalance('EUR', 3 * max);
    const bodies: Record<string, unknown>[] = [];
    let n = 0;
    const pay = (timestamp: string, amount: number, extra: { card?: string; expiry?: { month: number; year: number } } = {}) =>
      bodies.push(paymentBody({ id: `tx-clock-${++n}`, timestamp, account: rich.id, merchant, amount, currency: 'EUR', card: extra.card ?? cardNumber(5_000 + n), expiry: extra.expiry }));
    // A card in its expiry month, and one just past it.
    pay('2026-02-28T23:59:59Z', 1_000, { expiry: { month: 2, year: 2026 } });
    pay('2026-03-01T00:00:00Z', 1_000, { expiry: { month: 2, year: 2026 } });
    // A burst on one card: the sixth use within ten minutes is declined.
    const card = cardNumber(4_999);
    for (let i = 0; i < 6; i++) pay(`2026-03-02T10:0${i}:00Z`, 500, { card });
    // Daily limit: two payments under the maximum fill the day, a third is over it, the next day is free.
    pay('2026-03-03T09:00:00Z', max - 1);
    pay('2026-03-03T10:00:00Z', max - 1);
    pay('2026-03-03T11:00:00Z', 1_000);
    pay('2026-03-04T00:30:00+01:00', 1_000); // still 3 March in UTC
    pay('2026-03-04T09:00:00Z', 1_000);
    const halves = halfBalanceScenario(picker);
    bodies.push(halves.pay('tx-clock-half-1', 0), halves.pay('tx-clock-half-2', 1));
    return bodies;
  }

  async function outcomesAt(clock: Date | undefined): Promise<{ decisions: unknown[]; processed: string[] }> {
    if (clock) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(clock);
    }
    const { url } = await startValidator();
    const decisions: unknown[] = [];
    const processed: string[] = [];
    for (const body of timeSensitivePayments()) {
      const reply = await post(url, body);
      const { request_id: _requestId, processed_at: processedAt, ...rest } = reply.body;
      decisions.push(rest);
      processed.push(processedAt);
    }
    vi.useRealTimers();
    return { decisions, processed };
  }

  test('the same payments get the same answers (but for request_id and processed_at) at any wall-clock time', async () => {
    const now = await outcomesAt(undefined);
    const past = await outcomesAt(new Date('2001-01-01T00:00:00Z'));
    const future = await outcomesAt(new Date('2090-06-15T12:00:00Z'));
    // The clock really was different: processed_at follows it.
    expect(past.processed.every((p) => p.startsWith('2001-01-01'))).toBe(true);
    expect(future.processed.every((p) => p.startsWith('2090-06-15'))).toBe(true);
    expect(past.decisions).toEqual(now.decisions);
    expect(future.decisions).toEqual(now.decisions);
    // And the sequence is not trivially all approvals: it exercises the time-dependent rules.
    const reasons = now.decisions.map((d) => (d as { reason_code: string | null }).reason_code);
    expect(reasons).toEqual([
      null,
      'CARD_EXPIRED',
      null,
      null,
      null,
      null,
      null,
      'VELOCITY_CARD_EXCEEDED',
      null,
      null,
      'LIMIT_DAILY_EXCEEDED',
      'LIMIT_DAILY_EXCEEDED',
      null,
      null,
      'INSUFFICIENT_FUNDS',
    ]);
  });
});
