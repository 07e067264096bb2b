import { describe, expect, test } from 'vitest';
import { DEFAULT_START, generateTraffic, type GeneratedRequest } from '../../src/traffic/generate.js';
import { luhnValid } from '../../src/util/luhn.js';
import { parseTimestamp } from '../../src/util/timestamp.js';
import { createValidator } from '../../src/validator/index.js';
import { answerInProcess } from '../helpers/validate-in-process.js';

interface Body {
  transaction_id: string;
  timestamp: string;
  account_id: string;
  card: { number: string };
  merchant: { id: string };
  amount: number;
  currency: string;
}

/** The request's body when it is a well-formed JSON object with a parseable timestamp. */
function wellFormed(request: GeneratedRequest): Body | undefined {
  try {
    const body = JSON.parse(request.body) as Body;
    return typeof body === 'object' && body !== null && typeof body.timestamp === 'string' && parseTimestamp(body.timestamp) ? body : undefined;
  } catch {
    return undefined;
  }
}

const TEN_THOUSAND = [...generateTraffic({ count: 10_000, seed: 2026 })];
const BODIES = TEN_THOUSAND.map(wellFormed).filter((b): b is Body => b !== undefined);

describe('generateTraffic: reproducible and lazy', () => {
  test('the same seed gives the same requests, byte for byte', () => {
    const a = [...generateTraffic({ count: 2_000, seed: 42 })];
    const b = [...generateTraffic({ count: 2_000, seed: 42 })];
    expect(a).toHaveLength(2_000);
    expect(b).toEqual(a);
  });

  test('another seed gives other requests', () => {
    // Transaction ids differ by construction: compare what is left without them.
    const withoutId = (r: GeneratedRequest) => r.body.replace(/"transaction_id":"[^"]*"/, '');
    const a = [...generateTraffic({ count: 500, seed: 42 })].map(withoutId);
    const b = [...generateTraffic({ count: 500, seed: 43 })].map(withoutId);
    expect(a.filter((body, i) => body === b[i])).toEqual([]);
    expect(new Set(b).size).toBeGreaterThan(450);
  });

  test('another start moves every timestamp, and the first payment is at the start', () => {
    const start = Date.parse('2026-11-23T09:15:00+01:00');
    const first = [...generateTraffic({ count: 50, seed: 42, start })].map(wellFormed).find((b) => b !== undefined);
    expect(parseTimestamp(first!.timestamp)!.epochMs).toBe(start);
    const byDefault = [...generateTraffic({ count: 50, seed: 42 })].map(wellFormed).find((b) => b !== undefined);
    expect(parseTimestamp(byDefault!.timestamp)!.epochMs).toBe(DEFAULT_START);
  });

  test('is lazy: the first 10 of a million come at once', () => {
    const began = performance.now();
    const iterator = generateTraffic({ count: 1_000_000, seed: 1 });
    const first: GeneratedRequest[] = [];
    for (const request of iterator) {
      first.push(request);
      if (first.length === 10) break;
    }
    expect(first).toHaveLength(10);
    expect(performance.now() - began).toBeLessThan(1_000);
  });

  test('yields exactly `count` requests, and none for 0', () => {
    expect([...generateTraffic({ count: 137, seed: 9 })]).toHaveLength(137);
    expect([...generateTraffic({ count: 0, seed: 9 })]).toHaveLength(0);
  });

  test.each([
    [{ count: -1, seed: 1 }, /count/],
    [{ count: 1.5, seed: 1 }, /count/],
    [{ count: 10, seed: 0.5 }, /seed/],
    [{ count: 10, seed: 1, start: Number.NaN }, /start/],
  ])('refuses bad options %j at once', (options, message) => {
    expect(() => generateTraffic(options)).toThrow(message);
  });
});

describe('generateTraffic: realistic traffic', () => {
  test('state stays within an account: no card and no transaction id is used by two accounts', () => {
    const owner = new Map<string, string>();
    let shared = 0;
    for (const request of generateTraffic({ count: 10_000, seed: 1 })) {
      let body: { account_id?: unknown; transaction_id?: unknown; card?: { number?: unknown } };
      try {
        body = JSON.parse(request.body) as typeof body;
      } catch {
        continue;
      }
      // Malformed requests (a numeric account id, a missing card) are not stateful traffic.
      if (typeof body !== 'object' || body === null || typeof body.account_id !== 'string' || typeof body.transaction_id !== 'string' || typeof body.card?.number !== 'string') continue;
      for (const key of [`tx:${body.transaction_id}`, `card:${body.card.number.replace(/\D/g, '')}`]) {
        const first = owner.get(key);
        if (first !== undefined && first !== body.account_id) shared++;
        owner.set(key, body.account_id);
      }
    }
    expect(shared).toBe(0);
  });


  test('between 1% and 2% of 10,000 requests are malformed (answered 400)', () => {
    const validator = createValidator();
    const malformed = TEN_THOUSAND.filter((r) => answerInProcess(validator, r).status === 400).length;
    expect(malformed).toBeGreaterThanOrEqual(100);
    expect(malformed).toBeLessThanOrEqual(200);
  });

  test('timestamps span at least 3 UTC days and never go backwards for an account', () => {
    const times = BODIES.map((b) => parseTimestamp(b.timestamp)!.epochMs);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(new Set(times.map((t) => new Date(t).toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(4);
    const last = new Map<string, number>();
    const backwards = BODIES.filter((b) => {
      const t = parseTimestamp(b.timestamp)!.epochMs;
      const before = last.get(b.account_id) ?? -Infinity;
      last.set(b.account_id, Math.max(before, t));
      return t < before;
    });
    expect(backwards).toEqual([]);
  });

  test('timestamps carry varied offsets, including daylight saving time, and some fall near midnight UTC', () => {
    const offsets = new Set(BODIES.map((b) => /(Z|[+-]\d{2}:\d{2})$/.exec(b.timestamp)?.[1]));
    for (const offset of ['Z', '+00:00', '+01:00', '+02:00', '-04:00', '+09:00', '+03:00']) expect(offsets).toContain(offset);
    const nearMidnight = BODIES.filter((b) => {
      const t = parseTimestamp(b.timestamp)!.epochMs % 86_400_000;
      return t < 10 * 60_000 || t > 86_400_000 - 10 * 60_000;
    });
    expect(nearMidnight.length).toBeGreaterThan(20);
    expect(BODIES.some((b) => /\.\d{3}/.test(b.timestamp))).toBe(true);
  });

  test('a few hot accounts carry much of the traffic, with a long tail of others', () => {
    const perAccount = new Map<string, number>();
    for (const b of BODIES) perAccount.set(b.account_id, (perAccount.get(b.account_id) ?? 0) + 1);
    const counts = [...perAccount.values()].sort((x, y) => y - x);
    const top15 = counts.slice(0, 15).reduce((a, b) => a + b, 0);
    expect(top15 / BODIES.length).toBeGreaterThan(0.25);
    expect(perAccount.size).toBeGreaterThan(250);
  });

  test('each known account pays with 1 to 3 Luhn-valid cards, and some have several', () => {
    const cards = new Map<string, Set<string>>();
    for (const b of BODIES) {
      const digits = String(b.card?.number).replace(/[ -]/g, '');
      if (!/^ACC-\d{5}$/.test(b.account_id) || Number(b.account_id.slice(4)) > 300 || !luhnValid(digits)) continue;
      cards.set(b.account_id, (cards.get(b.account_id) ?? new Set()).add(digits));
    }
    const sizes = [...cards.values()].map((s) => s.size);
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.filter((n) => n === 2).length).toBeGreaterThan(20);
    expect(Math.min(...sizes)).toBe(1);
  });

  test('amounts are whole minor units in many currencies, including zero- and three-decimal ones', () => {
    const currencies = new Set(BODIES.filter((b) => Number.isInteger(b.amount)).map((b) => b.currency));
    for (const c of ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY', 'BHD', 'KWD']) expect(currencies).toContain(c);
  });

  test('some transaction ids repeat: exact retries and reuse with another payload', () => {
    const byId = new Map<string, Set<string>>();
    for (const r of TEN_THOUSAND) {
      const b = wellFormed(r);
      if (b) byId.set(b.transaction_id, (byId.get(b.transaction_id) ?? new Set()).add(r.body));
    }
    const retried = TEN_THOUSAND.length - new Set(TEN_THOUSAND.map((r) => r.body)).size;
    const reused = [...byId.values()].filter((bodies) => bodies.size > 1).length;
    expect(retried).toBeGreaterThan(50);
    expect(reused).toBeGreaterThan(10);
  });

  test('some merchant ids are lowercase', () => {
    expect(BODIES.some((b) => /^mrc-\d{4}$/.test(String(b.merchant?.id)))).toBe(true);
  });
});
