import { Pool } from 'undici';
import { expect, onTestFinished, test, vi } from 'vitest';
import { Random } from '../../src/util/random.js';
import { CURRENCY_CODES } from '../../src/validator/currencies.js';
import { REQUEST_CODES } from '../../src/validator/error-codes.js';
import { MAX_BODY_BYTES } from '../../src/validator/server.js';
import { startValidator } from '../helpers/validator-server.js';
import { cardNumber, paymentBody, SEED } from '../helpers/validator-seed.js';

/** Change the seed to explore; a failure names the seed and the case index, so it replays exactly. */
const SEED_VALUE = 0x5eed_2026;
const CASES = 3_000;
const IN_FLIGHT = 16;

interface Case {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string | Buffer | undefined;
}

const VALIDATE = '/v1/payments/validate';
const WEIRD_STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  'null',
  '0x1F',
  '1e309',
  '-0',
  '１２３',
  '💳💸',
  'e\u0301',
  '\u202eRTL',
  '\u0000',
  '\ud800',
  '\udfff',
  'ß'.repeat(200),
  '<script>',
  "'; DROP TABLE payments; --",
  '../../etc/passwd',
  '%00',
  '__proto__',
  'constructor',
  'toString',
];
const HUGE_NUMBER_LITERALS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '9007199254740993', '-0', '0.0000000001', '2599.0000000000001', '1E2', '-2599'];
const FIELDS = ['transaction_id', 'timestamp', 'account_id', 'card', 'merchant', 'amount', 'currency', 'channel', 'customer_country', 'ip_country', 'device_id'];
const CARD_FIELDS = ['number', 'expiry_month', 'expiry_year', 'cvv'];
const MERCHANT_FIELDS = ['id', 'category_code', 'country'];

class Generator {
  readonly #r: Random;
  #n = 0;

  constructor(seed: number) {
    this.#r = new Random(seed);
  }

  next(): Case {
    const r = this.#r;
    const kind = r.weighted<string>([
      ['valid', 15],
      ['perturbed', 35],
      ['huge-number', 8],
      ['random-json', 12],
      ['deep', 4],
      ['unicode', 8],
      ['bytes', 8],
      ['truncated', 4],
      ['oversized', 1],
      ['other-request', 5],
    ]);
    const post = (body: string | Buffer, contentType: string | undefined = 'application/json'): Case => ({ kind, method: 'POST', path: VALIDATE, contentType, body });
    switch (kind) {
      case 'valid':
        return post(JSON.stringify(this.payment()));
      case 'perturbed': {
        const body = this.payment();
        for (let i = r.int(1, 3); i > 0; i--) this.perturb(body);
        return post(JSON.stringify(body));
      }
      case 'huge-number': {
        const field = r.pick(['amount', 'card.expiry_month', 'card.expiry_year']);
        const marker = '"__HUGE__"';
        const body = this.payment();
        this.set(body, field, '__HUGE__');
        return post(JSON.stringify(body).replace(marker, r.pick(HUGE_NUMBER_LITERALS)));
      }
      case 'random-json':
        return post(JSON.stringify(this.json(4)));
      case 'deep': {
        const depth = r.int(100, 12_000);
        const nested = r.chance(0.5) ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        if (r.chance(0.5)) return post(nested);
        // Deep inside a field of an otherwise valid payment.
        return post(JSON.stringify(this.payment()).replace(/("card":)\{[^}]*\}/, `$1${nested}`));
      }
      case 'unicode': {
        const body = this.payment();
        for (let i = r.int(1, 4); i > 0; i--) this.set(body, this.fieldPath(), this.unicode());
        if (r.chance(0.3)) (body as Record<string, unknown>)[this.unicode()] = this.unicode();
        return post(JSON.stringify(body));
      }
      case 'bytes':
        return post(Buffer.from(Array.from({ length: r.int(0, 2_000) }, () => r.int(0, 255))));
      case 'truncated': {
        const text = JSON.stringify(this.payment());
        return post(text.slice(0, r.int(0, text.length - 1)));
      }
      case 'oversized':
        return post(`{"transaction_id":"${'x'.repeat(MAX_BODY_BYTES + r.int(0, 4_096))}"}`);
      default: {
        // Other routes, methods and content types.
        const method = r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
        const path = r.pick([VALIDATE, `${VALIDATE}/`, '/healthz', '/admin/resetx', '/', '/v1', '/%00', `/${this.unicode()}`.replace(/[^A-Za-z0-9._~/-]/g, 'x'), '/healthz?x=1']);
        const contentType = r.pick([undefined, 'text/plain', 'application/json', 'application/json; charset=latin1', 'multipart/form-data']);
        return { kind, method, path, contentType, body: method === 'GET' ? undefined : JSON.stringify(this.payment()) };
      }
    }
  }

  /** A payment that parses; most are approved, some trip rules (velocity and duplicates on purpose, via small pools). */
  payment(): Record<string, unknown> {
    const r = this.#r;
    const n = ++this.#n;
    const account = r.pick(SEED.accounts);
    const currency = r.chance(0.8) ? r.pick(Object.keys(account.balances) as (typeof CURRENCY_CODES)[number][]) : r.pick(CURRENCY_CODES);
    const merchant = r.pick(SEED.merchants);
    return paymentBody({
      id: r.chance(0.05) ? `fuzz-dup-${r.int(0, 20)}` : `fuzz-${n}`,
      timestamp: `2026-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}${r.pick(['Z', '+01:00', '-05:30', '+14:00'])}`,
      account: account.id,
      merchant,
      amount: r.int(1, 600_000),
      currency,
      card: cardNumber(r.chance(0.3) ? r.int(1, 10) : 1_000 + n),
      expiry: { month: r.int(1, 12), year: r.int(2025, 2031) },
      channel: r.pick(['ecom', 'pos', 'moto'] as const),
      customerCountry: r.pick(['DE', 'FR', 'US', 'JP', 'KW']),
      ipCountry: r.pick(['DE', 'FR', 'US', 'CN']),
    });
  }

  perturb(body: Record<string, unknown>): void {
    const r = this.#r;
    const action = r.int(0, 3);
    if (action === 0) this.set(body, this.fieldPath(), undefined);
    else if (action === 1) this.set(body, `${r.pick(['', 'card.', 'merchant.'])}${r.pick(['extra', 'x', '__proto__', 'constructor', 'pin'])}`, this.json(2));
    else this.set(body, this.fieldPath(), this.value());
  }

  fieldPath(): string {
    const r = this.#r;
    const top = r.pick(FIELDS);
    if (top === 'card' && r.chance(0.7)) return `card.${r.pick(CARD_FIELDS)}`;
    if (top === 'merchant' && r.chance(0.7)) return `merchant.${r.pick(MERCHANT_FIELDS)}`;
    return top;
  }

  set(body: Record<string, unknown>, path: string, value: unknown): void {
    const [outer, inner] = path.split('.') as [string, string | undefined];
    let target = body;
    if (inner !== undefined) {
      const nested = body[outer];
      if (typeof nested !== 'object' || nested === null || Array.isArray(nested)) return;
      target = nested as Record<string, unknown>;
    }
    const key = inner ?? outer;
    if (value === undefined) delete target[key];
    else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }

  /** A value of any JSON type, biased towards the awkward ones. */
  value(): unknown {
    const r = this.#r;
    switch (r.int(0, 9)) {
      case 0:
        return r.pick(WEIRD_STRINGS);
      case 1:
        return r.pick([0, -1, 1.5, -0.000001, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 13, 2100, 1999]);
      case 2:
        return r.pick([true, false, null]);
      case 3:
        return this.json(3);
      case 4:
        return 'x'.repeat(r.int(100, 5_000));
      case 5:
        return r.pick(['XYZ', 'eur', 'JPY', 'BHD', 'KWD', 'EUR ', 'E']);
      case 6:
        return r.pick(['2026-02-29T00:00:00Z', '2024-02-29T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-18:00', '0001-01-01T00:00:00+18:00', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00.123456789Z', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00+18:01']);
      case 7:
        return this.unicode();
      case 8:
        return r.pick(['4111 1111 1111 1111', '4111-1111-1111-1111', '0'.repeat(12), '9'.repeat(19), '9'.repeat(500), '4 1', '00']);
      default:
        return r.pick(['mrc-0007', 'MRC-0007', 'ACC-00001', 'acc-00001', '7995', '5967', 'de', 'DE', 'ecom', 'ECOM']);
    }
  }

  json(depth: number): unknown {
    const r = this.#r;
    const kind = depth <= 0 ? r.int(0, 3) : r.int(0, 5);
    if (kind === 0) return r.pick([null, true, false]);
    if (kind === 1) return r.pick([0, -1, r.next() * 1e6, -r.next(), 2 ** 60, Number.MAX_SAFE_INTEGER]);
    if (kind === 2) return r.pick(WEIRD_STRINGS);
    if (kind === 3) return this.unicode();
    if (kind === 4) return Array.from({ length: r.int(0, 5) }, () => this.json(depth - 1));
    const obj: Record<string, unknown> = {};
    for (let i = r.int(0, 6); i > 0; i--) obj[r.chance(0.5) ? r.pick(FIELDS) : this.unicode()] = this.json(depth - 1);
    return obj;
  }

  unicode(): string {
    const r = this.#r;
    let s = '';
    for (let i = r.int(0, 24); i > 0; i--) {
      s += r.weighted<() => string>([
        [() => String.fromCharCode(r.int(0x20, 0x7e)), 5],
        [() => String.fromCharCode(r.int(0, 0x1f)), 1],
        [() => String.fromCharCode(r.int(0xd800, 0xdfff)), 1], // lone surrogates
        [() => String.fromCodePoint(r.int(0x80, 0xffff)).replace(/[\ud800-\udfff]/, '?'), 2],
        [() => String.fromCodePoint(r.int(0x1f300, 0x1faff)), 2],
      ])();
    }
    return s;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

interface Seen {
  readonly index: number;
  readonly kind: string;
  readonly status: number;
  readonly decision?: string;
  readonly problem?: string;
}

/** Checks one answer against the API's contract; returns what is wrong, if anything. */
function problemWith(c: Case, status: number, text: string): string | undefined {
  if (status >= 500) return `status ${status}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `body is not JSON: ${text.slice(0, 80)}`;
  }
  const body = json as Record<string, unknown>;
  if (status === 200 && c.path.startsWith('/healthz')) return body['status'] === 'ok' ? undefined : `healthz said ${text}`;
  if (status === 200) {
    if (!['approve', 'decline', 'review'].includes(String(body['decision']))) return `decision ${String(body['decision'])}`;
    const codes = (body['errors'] as { code: string }[]).map((e) => e.code);
    if ((body['reason_code'] === null) !== (codes.length === 0)) return 'reason_code and errors disagree';
    if (body['reason_code'] !== null && !codes.includes(String(body['reason_code']))) return 'reason_code is not one of the errors';
    const score = body['risk_score'];
    if (typeof score !== 'number' || score < 0 || score > 100) return `risk_score ${String(score)}`;
    return undefined;
  }
  const errors = body['errors'];
  if (!Array.isArray(errors) || errors.length === 0) return 'a 4xx without errors';
  for (const e of errors as { code: keyof typeof REQUEST_CODES; path: unknown }[]) {
    if (REQUEST_CODES[e.code]?.status !== status) return `code ${String(e.code)} with status ${status}`;
    if (typeof e.path !== 'string' || !e.path.startsWith('$')) return `path ${String(e.path)}`;
  }
  return undefined;
}

test(`${CASES} arbitrary payloads over keep-alive never get a 5xx (seed ${SEED_VALUE})`, { timeout: 30_000 }, async () => {
  const internalErrors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).includes('internal error')) internalErrors.push(String(chunk));
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
  onTestFinished(() => {
    vi.restoreAllMocks();
  });

  const server = await startValidator();
  const pool = new Pool(server.url, { connections: IN_FLIGHT, pipelining: 1 });
  onTestFinished(() => pool.close());

  const generator = new Generator(SEED_VALUE);
  const cases = Array.from({ length: CASES }, () => generator.next());
  const seen: Seen[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      const c = cases[index] as Case;
      try {
        const res = await pool.request({
          method: c.method as 'POST',
          path: c.path,
          headers: c.contentType === undefined ? {} : { 'content-type': c.contentType },
          body: c.body ?? null,
        });
        const text = await res.body.text();
        const decision = res.statusCode === 200 ? (JSON.parse(text) as { decision?: string }).decision : undefined;
        seen.push({ index, kind: c.kind, status: res.statusCode, decision, problem: problemWith(c, res.statusCode, text) });
      } catch (error) {
        seen.push({ index, kind: c.kind, status: 0, problem: `no answer: ${(error as Error).message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

  const problems = seen.filter((s) => s.problem !== undefined).map((s) => `case ${s.index} (${s.kind}): ${s.problem}`);
  expect(problems).toEqual([]);
  expect(internalErrors).toEqual([]);
  expect(seen).toHaveLength(CASES);
  // The mix reached both the rules and the request checks, and every kind of case was sent.
  const statuses = new Set(seen.map((s) => s.status));
  for (const status of [200, 400, 404, 405, 413]) expect(statuses).toContain(status);
  expect(seen.filter((s) => s.decision !== undefined).length).toBeGreaterThan(CASES * 0.15);
  expect(new Set(seen.map((s) => s.decision))).toEqual(new Set([undefined, 'approve', 'decline', 'review']));
  expect(new Set(seen.map((s) => s.kind)).size).toBe(10);

  // Still alive and answering on the same pool.
  const health = await pool.request({ method: 'GET', path: '/healthz' });
  expect(health.statusCode).toBe(200);
  expect(await health.body.json()).toEqual({ status: 'ok' });
});
