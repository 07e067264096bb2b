import { Random } from '../../src/util/random.js';
import { CURRENCIES, CURRENCY_CODES, type Currency } from '../../src/validator/currencies.js';
import type { MutationName } from '../../src/validator/mutations/index.js';
import type { Decision } from '../../src/validator/pipeline.js';
import type { SeedAccount, SeedMerchant } from '../../src/validator/seed/seed.js';
import { DEFAULT_SETTINGS } from '../../src/validator/settings.js';
import { AccountPicker, balanceOf, cardNumber, limitsInMinorUnits, paymentBody, plainMerchants, SEED } from './validator-seed.js';

/** One payment of the fixed mutation input set, replayed in list order (earlier ones change the state later ones see). */
export interface MutationInput {
  /** What the payment is for, to read a failure. */
  readonly label: string;
  readonly body: Record<string, unknown>;
  /** The mutations this payment is designed to expose: each of them must change its outcome. */
  readonly exposes: readonly MutationName[];
  /** The reference validator's outcome the design relies on (checked, so a seed change cannot silently defeat it). */
  readonly expected?: { readonly decision: Decision; readonly reasonCode: string | null };
}

type Block = MutationInput[];

const APPROVE = { decision: 'approve', reasonCode: null } as const;
const decline = (reasonCode: string) => ({ decision: 'decline', reasonCode }) as const;
const TWO_DECIMAL: readonly Currency[] = CURRENCY_CODES.filter((c) => CURRENCIES[c].exponent === 2);

/**
 * A deterministic list of a few hundred payment bodies: for every mutation in `MUTATIONS` a handful
 * of scenarios whose outcome it changes, mixed (in a seeded shuffle) with ordinary approvals and
 * declines that no mutation should change. Scenarios never share an account or a card, so one
 * scenario's approvals cannot leak into another's holds, daily totals or velocity.
 */
export function mutationInputs(): MutationInput[] {
  const b = new Builder();
  const blocks: Block[] = [
    ...limitBoundary(b),
    ...minorUnits(b),
    ...codePrecedence(b),
    ...merchantCategory(b),
    ...dailyLimitDay(b),
    ...merchantIdCase(b),
    ...velocityWindow(b),
    ...holds(b),
    ...expiryMonth(b),
    ...riskThreshold(b),
    ...background(b, 230),
  ];
  const random = new Random(20_260_301);
  for (let i = blocks.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [blocks[i], blocks[j]] = [blocks[j] as Block, blocks[i] as Block];
  }
  return blocks.flat();
}

interface PaymentOptions {
  readonly label: string;
  readonly account: SeedAccount | string;
  readonly currency: Currency;
  readonly amount: number;
  readonly timestamp: string;
  readonly merchant?: SeedMerchant;
  readonly merchantId?: string;
  readonly categoryCode?: string;
  readonly card?: string;
  readonly expiry?: { readonly month: number; readonly year: number };
  readonly channel?: 'ecom' | 'pos' | 'moto';
  readonly customerCountry?: string;
  readonly ipCountry?: string;
  readonly id?: string;
  readonly exposes?: readonly MutationName[];
  readonly expected?: MutationInput['expected'];
}

class Builder {
  readonly picker = new AccountPicker();
  #tx = 0;
  #card = 0;

  nextCard(): string {
    return cardNumber(++this.#card);
  }

  nextId(): string {
    return `mut-${String(++this.#tx).padStart(4, '0')}`;
  }

  /** A plain merchant for `currency`, rotating through them by `n`. */
  merchant(currency: Currency, n = 0): SeedMerchant {
    const all = plainMerchants(currency);
    return all[n % all.length] as SeedMerchant;
  }

  payment(o: PaymentOptions): MutationInput {
    const merchant = o.merchant ?? this.merchant(o.currency);
    return {
      label: o.label,
      body: paymentBody({
        id: o.id ?? this.nextId(),
        timestamp: o.timestamp,
        account: typeof o.account === 'string' ? o.account : o.account.id,
        merchant,
        merchantId: o.merchantId,
        categoryCode: o.categoryCode,
        amount: o.amount,
        currency: o.currency,
        card: o.card ?? this.nextCard(),
        expiry: o.expiry,
        channel: o.channel,
        customerCountry: o.customerCountry,
        ipCountry: o.ipCountry,
      }),
      exposes: o.exposes ?? [],
      expected: o.expected,
    };
  }
}

/** An amount at the per-transaction maximum is allowed; `limit-boundary-exclusive` declines it. */
function limitBoundary(b: Builder): Block[] {
  const blocks: Block[] = [];
  for (const currency of CURRENCY_CODES) {
    const { max } = limitsInMinorUnits(currency);
    const account =
      currency === 'EUR' ? b.picker.withBalance(currency, max) : b.picker.tryTake((a) => balanceOf(a, currency) >= max, (x, y) => balanceOf(x, currency) - balanceOf(y, currency));
    if (!account) continue;
    blocks.push([
      b.payment({
        label: `${currency} amount exactly at the per-transaction maximum`,
        account,
        currency,
        amount: max,
        timestamp: '2026-03-02T09:00:00Z',
        exposes: ['limit-boundary-exclusive'],
        expected: APPROVE,
      }),
    ]);
  }
  // Either side of the boundary: no mutation of the boundary may change these.
  const { max } = limitsInMinorUnits('EUR');
  blocks.push([b.payment({ label: 'EUR one minor unit under the maximum', account: b.picker.withBalance('EUR', max), currency: 'EUR', amount: max - 1, timestamp: '2026-03-02T09:30:00Z', expected: APPROVE })]);
  blocks.push([
    b.payment({
      label: 'EUR one minor unit over the maximum',
      account: b.picker.withBalance('EUR', max + 1),
      currency: 'EUR',
      amount: max + 1,
      timestamp: '2026-03-02T10:00:00Z',
      expected: decline('LIMIT_PER_TRANSACTION_EXCEEDED'),
    }),
  ]);
  return blocks;
}

/** JPY has no minor unit and BHD/KWD have three: limits taken as "cents" are off by 100x or 10x. */
function minorUnits(b: Builder): Block[] {
  const jpy = limitsInMinorUnits('JPY');
  const blocks: Block[] = [
    [
      b.payment({
        label: 'JPY amount at the minimum (50 yen)',
        account: b.picker.withBalance('JPY', jpy.min),
        currency: 'JPY',
        amount: jpy.min,
        timestamp: '2026-03-03T09:00:00Z',
        exposes: ['minor-units-two-decimals'],
        expected: APPROVE,
      }),
    ],
    [
      b.payment({
        label: 'JPY amount one yen over the maximum',
        account: b.picker.withBalance('JPY', 1),
        currency: 'JPY',
        amount: jpy.max + 1,
        timestamp: '2026-03-03T09:10:00Z',
        exposes: ['minor-units-two-decimals'],
        expected: decline('LIMIT_PER_TRANSACTION_EXCEEDED'),
      }),
    ],
  ];
  // 250 BHD / 200 KWD: well within the real maximum, over it when the exponent is taken as 2.
  for (const [currency, amount] of [['BHD', 250_000], ['KWD', 200_000]] as const) {
    blocks.push([
      b.payment({
        label: `${currency} amount under the maximum but over it in "cents"`,
        account: b.picker.withBalance(currency, amount),
        currency,
        amount,
        timestamp: '2026-03-03T09:20:00Z',
        exposes: ['minor-units-two-decimals'],
        expected: APPROVE,
      }),
    ]);
  }
  // A merchant cap written in major units of a three-decimal currency.
  const capped = SEED.merchants.find(
    (m) =>
      m.status === 'active' &&
      !DEFAULT_SETTINGS.blockedCategories.includes(m.categoryCode) &&
      !DEFAULT_SETTINGS.risk.highRiskCategories.includes(m.categoryCode) &&
      Object.keys(m.caps).some((c) => CURRENCIES[c as Currency].exponent === 3),
  );
  if (capped) {
    const currency = Object.keys(capped.caps).find((c) => CURRENCIES[c as Currency].exponent === 3) as Currency;
    const cap = (capped.caps[currency] ?? 0) * 1000;
    // A fifth of the real cap, but twice the cap read as two decimals.
    const amount = Math.max(limitsInMinorUnits(currency).min, Math.round(cap / 5));
    const account = b.picker.tryTake((a) => balanceOf(a, currency) >= amount);
    if (account) {
      blocks.push([
        b.payment({
          label: `${currency} amount under merchant ${capped.id}'s cap, over it in "cents"`,
          account,
          currency,
          amount,
          merchant: capped,
          timestamp: '2026-03-03T09:30:00Z',
          exposes: ['minor-units-two-decimals'],
          expected: APPROVE,
        }),
      ]);
    }
  }
  return blocks;
}

/**
 * The same day: two approvals just under the maximum fill the daily limit and leave less than the
 * maximum of the balance; a third payment then exceeds both the daily limit and the balance.
 * Legacy reports LIMIT_DAILY_EXCEEDED first. Large balances are drained on earlier days.
 */
function codePrecedence(b: Builder): Block[] {
  const blocks: Block[] = [];
  for (const currency of ['EUR', 'GBP'] as const) {
    const { max, daily } = limitsInMinorUnits(currency);
    const step = max - 1;
    if (2 * step > daily) throw new Error(`${currency}: two payments under the maximum exceed the daily limit`);
    const account = b.picker.withBalance(currency, 2 * step);
    let left = balanceOf(account, currency);
    const block: Block = [];
    let day = 1;
    let onDay = 0;
    while (left >= 3 * step) {
      if (onDay === 2) [day, onDay] = [day + 1, 0];
      block.push(b.payment({ label: `${currency}: draining the balance`, account, currency, amount: step, timestamp: `2026-04-${pad(day)}T08:${pad(onDay)}:00Z`, expected: APPROVE }));
      left -= step;
      onDay++;
    }
    const last = `2026-04-${pad(day + 1)}`;
    for (const minute of [0, 1]) {
      block.push(b.payment({ label: `${currency}: filling the daily limit`, account, currency, amount: step, timestamp: `${last}T10:0${minute}:00Z`, expected: APPROVE }));
      left -= step;
    }
    const amount = Math.max(left + 1, daily - 2 * step + 1, limitsInMinorUnits(currency).min);
    if (amount > step) throw new Error(`${currency}: no amount exceeds both the daily limit and the balance`);
    block.push(
      b.payment({
        label: `${currency}: over both the daily limit and the balance`,
        account,
        currency,
        amount,
        timestamp: `${last}T10:05:00Z`,
        exposes: ['code-precedence-swapped'],
        expected: decline('LIMIT_DAILY_EXCEEDED'),
      }),
    );
    blocks.push(block);
  }
  return blocks;
}

/** Category 7995 is blocked for everyone; some merchants block more. */
function merchantCategory(b: Builder): Block[] {
  const blocked = DEFAULT_SETTINGS.blockedCategories[0];
  if (!blocked) throw new Error('the default settings block no category');
  const blocks: Block[] = [];
  const account = () => b.picker.withBalance('EUR', 100_000);
  const gambling = SEED.merchants.find((m) => m.status === 'active' && m.categoryCode === blocked && m.caps.EUR === undefined);
  if (gambling) {
    blocks.push([
      b.payment({
        label: `merchant ${gambling.id} registered under blocked category ${blocked}`,
        account: account(),
        currency: 'EUR',
        amount: 2_500,
        merchant: gambling,
        timestamp: '2026-03-05T20:00:00Z',
        exposes: ['merchant-category-dropped'],
        expected: decline('MERCHANT_CATEGORY_BLOCKED'),
      }),
    ]);
  }
  blocks.push([
    b.payment({
      label: `a plain merchant charging under blocked category ${blocked}`,
      account: account(),
      currency: 'EUR',
      amount: 1_999,
      categoryCode: blocked,
      timestamp: '2026-03-05T20:10:00Z',
      exposes: ['merchant-category-dropped'],
      expected: decline('MERCHANT_CATEGORY_BLOCKED'),
    }),
  ]);
  const picky = SEED.merchants.find((m) => m.status === 'active' && m.blockedCategories.length > 0 && m.caps.EUR === undefined);
  const own = picky?.blockedCategories[0];
  if (picky && own) {
    blocks.push([
      b.payment({
        label: `merchant ${picky.id} charging under its own blocked category ${own}`,
        account: account(),
        currency: 'EUR',
        amount: 1_500,
        merchant: picky,
        categoryCode: own,
        timestamp: '2026-03-05T20:20:00Z',
        exposes: ['merchant-category-dropped'],
        expected: decline('MERCHANT_CATEGORY_BLOCKED'),
      }),
    ]);
  }
  const suspended = SEED.merchants.find((m) => m.status === 'suspended');
  if (suspended) {
    blocks.push([
      b.payment({
        label: `suspended merchant ${suspended.id} under blocked category ${blocked} (the category is a second error)`,
        account: account(),
        currency: 'EUR',
        amount: 1_200,
        merchant: suspended,
        categoryCode: blocked,
        timestamp: '2026-03-05T20:30:00Z',
        exposes: ['merchant-category-dropped'],
        expected: decline('MERCHANT_SUSPENDED'),
      }),
    ]);
  }
  return blocks;
}

/** Payments written with an offset near midnight count towards another UTC day than their local one. */
function dailyLimitDay(b: Builder): Block[] {
  const { max, daily, min } = limitsInMinorUnits('EUR');
  const step = max - 1;
  const extra = 10_000;
  // The first payment is on 20 March locally (-03:00) but on 21 March in UTC: legacy adds it to 21 March.
  const west = b.picker.withBalance('EUR', 2 * step + extra);
  const westBlock = [
    b.payment({ label: 'local evening, UTC next day', account: west, currency: 'EUR', amount: step, timestamp: '2026-03-20T22:30:00-03:00', expected: APPROVE }),
    b.payment({ label: 'same UTC day, daily total just under the limit', account: west, currency: 'EUR', amount: step, timestamp: '2026-03-21T12:00:00Z', expected: APPROVE }),
    b.payment({
      label: 'crosses the UTC daily limit, not the local one',
      account: west,
      currency: 'EUR',
      amount: extra,
      timestamp: '2026-03-21T13:00:00Z',
      exposes: ['daily-limit-local-time'],
      expected: decline('LIMIT_DAILY_EXCEEDED'),
    }),
  ];
  if (2 * step + extra <= daily) throw new Error('the daily-limit scenario does not exceed the daily limit');
  // The first payment is on 24 March locally (+05:00) but on 23 March in UTC: legacy keeps 24 March free.
  const east = b.picker.withBalance('EUR', 2 * step + min);
  const eastBlock = [
    b.payment({ label: 'local early morning, UTC previous day', account: east, currency: 'EUR', amount: step, timestamp: '2026-03-24T01:30:00+05:00', expected: APPROVE }),
    b.payment({ label: 'next UTC day', account: east, currency: 'EUR', amount: step, timestamp: '2026-03-24T12:00:00Z', expected: APPROVE }),
    b.payment({
      label: 'crosses the local daily limit, not the UTC one',
      account: east,
      currency: 'EUR',
      amount: min,
      timestamp: '2026-03-24T13:00:00Z',
      exposes: ['daily-limit-local-time'],
      expected: APPROVE,
    }),
  ];
  return [westBlock, eastBlock];
}

/** Merchant ids compare case-insensitively. */
function merchantIdCase(b: Builder): Block[] {
  const cases: [Currency, (id: string) => string][] = [
    ['EUR', (id) => id.toLowerCase()],
    ['EUR', (id) => id.charAt(0) + id.slice(1).toLowerCase()],
    ['GBP', (id) => id.toLowerCase()],
  ];
  return cases.map(([currency, spell], i) => {
    const merchant = b.merchant(currency, i + 1);
    const merchantId = spell(merchant.id);
    if (merchantId === merchant.id) throw new Error(`merchant id ${merchant.id} has no lower-case letters to change`);
    return [
      b.payment({
        label: `merchant id spelled ${merchantId}`,
        account: b.picker.withBalance(currency, 50_000),
        currency,
        amount: 1_234,
        merchant,
        merchantId,
        timestamp: `2026-03-06T1${i}:00:00Z`,
        exposes: ['merchant-id-case-sensitive'],
        expected: APPROVE,
      }),
    ];
  });
}

/** At most 5 uses of a card in a sliding 10-minute window (the current attempt included). */
function velocityWindow(b: Builder): Block[] {
  const { maxUses, windowMinutes } = DEFAULT_SETTINGS.velocity;
  const burst = (label: string, end: string, earliestSecondsBack: number, exposes: readonly MutationName[], expected: MutationInput['expected']): Block => {
    const account = b.picker.withBalance('EUR', 100_000);
    const card = b.nextCard();
    const endMs = Date.parse(end);
    // One early use, then maxUses - 1 uses in the last minutes, then the payment under test: the
    // maxUses-th use in the window unless the early one counts too.
    const secondsBack = [earliestSecondsBack, ...Array.from({ length: maxUses - 1 }, (_, i) => (maxUses - 1 - i) * 60), 0];
    return secondsBack.map((back, i) =>
      b.payment({
        label: i === secondsBack.length - 1 ? label : `${label}: earlier use ${i + 1}`,
        account,
        currency: 'EUR',
        amount: 1_000 + i,
        card,
        timestamp: new Date(endMs - back * 1000).toISOString().replace('.000Z', 'Z'),
        exposes: i === secondsBack.length - 1 ? exposes : [],
        expected: i === secondsBack.length - 1 ? expected : APPROVE,
      }),
    );
  };
  const window = windowMinutes * 60;
  return [
    burst('one use 10.5 minutes back, outside the window', '2026-04-10T12:00:00Z', window + 30, ['velocity-window-off-by-one'], APPROVE),
    burst('one use exactly 10 minutes back, outside the window', '2026-04-11T12:00:00Z', window, ['velocity-window-off-by-one'], APPROVE),
    burst('every use within 5 minutes', '2026-04-12T12:00:00Z', 5 * 60, [], decline('VELOCITY_CARD_EXCEEDED')),
    burst('one use 12 minutes back, outside either window', '2026-04-13T12:00:00Z', window + 120, [], APPROVE),
  ];
}

/** An approval reserves its amount: two payments of just over half the balance, only the first passes. */
function holds(b: Builder): Block[] {
  return (['EUR', 'GBP', 'USD'] as const).map((currency, i) => {
    const { min, max } = limitsInMinorUnits(currency);
    const account = b.picker.withBalance(currency, Math.max(20_000, 2 * min), 2 * max - 4);
    const amount = Math.floor(balanceOf(account, currency) / 2) + 1;
    const at = `2026-03-1${i}T15:`;
    return [
      b.payment({ label: `${currency}: just over half the balance`, account, currency, amount, timestamp: `${at}00:00Z`, expected: APPROVE }),
      b.payment({
        label: `${currency}: the same again, only the hold makes it too much`,
        account,
        currency,
        amount,
        timestamp: `${at}05:00Z`,
        exposes: ['hold-not-placed'],
        expected: decline('INSUFFICIENT_FUNDS'),
      }),
    ];
  });
}

/** A card is valid through the last day of its expiry month (UTC). */
function expiryMonth(b: Builder): Block[] {
  const account = b.picker.withBalance('EUR', 100_000);
  const cases: [string, string, number, number, readonly MutationName[], MutationInput['expected']][] = [
    ['mid-month, card expires this month', '2026-05-15T10:00:00Z', 5, 2026, ['expiry-start-of-month'], APPROVE],
    ['last minute of the expiry month', '2026-06-30T23:59:00Z', 6, 2026, ['expiry-start-of-month'], APPROVE],
    ['next month locally (+02:00), still the expiry month in UTC', '2026-07-01T01:00:00+02:00', 6, 2026, ['expiry-start-of-month'], APPROVE],
    ['first instant after the expiry month', '2026-05-01T00:00:00Z', 4, 2026, [], decline('CARD_EXPIRED')],
    ['card expires next month', '2026-08-31T18:00:00Z', 9, 2026, [], APPROVE],
  ];
  return cases.map(([label, timestamp, month, year, exposes, expected]) => [
    b.payment({ label, account, currency: 'EUR', amount: 2_000, timestamp, expiry: { month, year }, exposes, expected }),
  ]);
}

/** COUNTRY_MISMATCH (40) + HIGH_RISK_CATEGORY (30) is exactly the review threshold of 70. */
function riskThreshold(b: Builder): Block[] {
  const { weights, reviewThreshold, highRiskCategories, unusualFactor } = DEFAULT_SETTINGS.risk;
  if (weights.COUNTRY_MISMATCH + weights.HIGH_RISK_CATEGORY !== reviewThreshold) throw new Error('the risk weights no longer add up to the threshold');
  const blocks: Block[] = [];
  const risky = (i: number): MutationInput => {
    const merchant = b.merchant('EUR', i + 3);
    const account = b.picker.take('a typical EUR amount and balance', (a) => (a.typicalAmounts.EUR ?? 0) >= 1_000 && balanceOf(a, 'EUR') >= 100_000);
    const typical = account.typicalAmounts.EUR ?? 0;
    const amount = Math.min(typical * unusualFactor, 50_000);
    const ipCountry = merchant.country === 'US' ? 'CA' : 'US';
    return b.payment({
      label: `ecom, IP in ${ipCountry}, high-risk category, domestic merchant: score exactly ${reviewThreshold}`,
      account,
      currency: 'EUR',
      amount,
      merchant,
      categoryCode: highRiskCategories[i % highRiskCategories.length],
      channel: 'ecom',
      ipCountry,
      timestamp: `2026-03-07T0${i}:00:00Z`,
      exposes: ['risk-threshold-exclusive'],
      expected: { decision: 'review', reasonCode: 'RISK_REVIEW' },
    });
  };
  blocks.push([risky(0)], [risky(1)]);
  // Cross-border as well: 80, a review either way.
  const merchant = b.merchant('EUR', 5);
  blocks.push([
    b.payment({
      label: 'score 80: a review under any threshold comparison',
      account: b.picker.withBalance('EUR', 100_000),
      currency: 'EUR',
      amount: 1_000,
      merchant,
      categoryCode: highRiskCategories[0],
      channel: 'ecom',
      customerCountry: merchant.country === 'SE' ? 'NO' : 'SE',
      ipCountry: 'BR',
      timestamp: '2026-03-07T05:00:00Z',
      expected: { decision: 'review', reasonCode: 'RISK_REVIEW' },
    }),
  ]);
  return blocks;
}

/** Ordinary traffic that no mutation should change: approvals and declines far from every boundary. */
function background(b: Builder, count: number): Block[] {
  const random = new Random(7_2026);
  const pool = Array.from({ length: 30 }, () =>
    b.picker.take('a two-decimal balance of 300000', (a) => TWO_DECIMAL.some((c) => balanceOf(a, c) >= 300_000)),
  );
  const left = new Map(pool.map((a) => [a.id, { ...a.balances }]));
  const blockedAccounts = SEED.accounts.filter((a) => a.status === 'blocked');
  const suspended = SEED.merchants.filter((m) => m.status === 'suspended' && !DEFAULT_SETTINGS.blockedCategories.includes(m.categoryCode));
  const capped = SEED.merchants.filter(
    (m) => m.status === 'active' && !DEFAULT_SETTINGS.blockedCategories.includes(m.categoryCode) && TWO_DECIMAL.some((c) => m.caps[c] !== undefined),
  );
  // Retries and reused ids join the block of the payment they repeat, so the shuffle keeps them after it.
  const sent: { input: MutationInput; block: Block }[] = [];
  const blocks: Block[] = [];

  for (let n = 0; n < count; n++) {
    const account = random.pick(pool);
    const currency = random.pick(TWO_DECIMAL.filter((c) => balanceOf(account, c) >= 300_000));
    const { min, max } = limitsInMinorUnits(currency);
    const balance = left.get(account.id) as Partial<Record<Currency, number>>;
    const typical = account.typicalAmounts[currency] ?? 5_000;
    const amount = random.int(min, Math.max(min, Math.min(2 * typical, Math.floor((balance[currency] ?? 0) / 40))));
    const merchant = b.merchant(currency, random.int(0, 100));
    const timestamp = `2026-09-${pad(random.int(1, 30))}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}Z`;
    const base = { account, currency, amount, merchant, timestamp };
    const kind = random.weighted<string>([
      ['approve', 55],
      ['unknown-account', 5],
      ['blocked-account', 4],
      ['suspended-merchant', 4],
      ['unknown-merchant', 4],
      ['luhn', 4],
      ['expired', 4],
      ['below-minimum', 4],
      ['over-maximum', 4],
      ['merchant-cap', 4],
      ['review-80', 4],
      ['amount-invalid', 4],
      ['reused-id', 3],
      ['retry', 3],
    ]);
    let input: MutationInput;
    switch (kind) {
      case 'unknown-account':
        input = b.payment({ ...base, label: 'unknown account', account: `ACC-9${pad(random.int(0, 9999), 4)}`, expected: decline('ACCOUNT_UNKNOWN') });
        break;
      case 'blocked-account': {
        const blocked = random.pick(blockedAccounts);
        const c = random.pick(Object.keys(blocked.balances) as Currency[]);
        const limits = limitsInMinorUnits(c);
        input = b.payment({ label: 'blocked account', account: blocked, currency: c, amount: random.int(limits.min, limits.min * 20), merchant: b.merchant(c, n), timestamp, expected: decline('ACCOUNT_BLOCKED') });
        break;
      }
      case 'suspended-merchant':
        input = b.payment({ ...base, label: 'suspended merchant', merchant: random.pick(suspended), expected: decline('MERCHANT_SUSPENDED') });
        break;
      case 'unknown-merchant':
        input = b.payment({ ...base, label: 'unknown merchant', merchantId: `MRC-9${pad(random.int(0, 999), 3)}`, expected: decline('MERCHANT_UNKNOWN') });
        break;
      case 'luhn': {
        const card = b.nextCard();
        const broken = card.slice(0, -1) + String((Number(card.slice(-1)) + random.int(1, 9)) % 10);
        input = b.payment({ ...base, label: 'card number fails Luhn', card: broken, expected: decline('CARD_NUMBER_INVALID') });
        break;
      }
      case 'expired':
        input = b.payment({ ...base, label: 'card expired last year', expiry: { month: random.int(1, 12), year: 2025 }, expected: decline('CARD_EXPIRED') });
        break;
      case 'below-minimum':
        input = b.payment({ ...base, label: 'amount below the minimum', amount: random.int(1, min - 1), expected: decline('AMOUNT_BELOW_MINIMUM') });
        break;
      case 'over-maximum':
        input = b.payment({ ...base, label: 'amount well over the maximum', amount: max + random.int(1_000, 1_000_000), expected: decline('LIMIT_PER_TRANSACTION_EXCEEDED') });
        break;
      case 'merchant-cap': {
        const m = random.pick(capped);
        const c = random.pick(TWO_DECIMAL.filter((x) => m.caps[x] !== undefined));
        const cap = (m.caps[c] ?? 0) * 100;
        const payer = b.picker.tryTake((a) => balanceOf(a, c) >= cap * 2);
        if (!payer) continue;
        input = b.payment({ label: `over merchant ${m.id}'s cap`, account: payer, currency: c, amount: cap + random.int(100, cap), merchant: m, timestamp, expected: decline('MERCHANT_CAP_EXCEEDED') });
        break;
      }
      case 'review-80':
        input = b.payment({
          ...base,
          label: 'score 80',
          categoryCode: random.pick(DEFAULT_SETTINGS.risk.highRiskCategories),
          channel: 'ecom',
          customerCountry: merchant.country === 'AT' ? 'BE' : 'AT',
          ipCountry: 'BR',
          expected: { decision: 'review', reasonCode: 'RISK_REVIEW' },
        });
        break;
      case 'amount-invalid':
        input = b.payment({ ...base, label: 'amount not a positive whole number', amount: random.pick([0, -amount, amount + 0.5]), expected: decline('AMOUNT_INVALID') });
        break;
      case 'reused-id': {
        const earlier = sent.length > 0 ? random.pick(sent) : undefined;
        if (!earlier) continue;
        const id = String(earlier.input.body['transaction_id']);
        earlier.block.push(b.payment({ ...base, label: `transaction id ${id} reused`, id, expected: decline('DUPLICATE_TRANSACTION_ID') }));
        continue;
      }
      case 'retry': {
        const earlier = sent.length > 0 ? random.pick(sent) : undefined;
        if (!earlier) continue;
        const { body, expected } = earlier.input;
        earlier.block.push({ label: `retry of ${String(body['transaction_id'])}`, body, exposes: [], expected });
        continue;
      }
      default:
        input = b.payment({ ...base, label: 'ordinary approval', channel: random.pick(['pos', 'ecom', 'moto'] as const), expected: APPROVE });
        balance[currency] = (balance[currency] ?? 0) - amount;
    }
    const block = [input];
    sent.push({ input, block });
    blocks.push(block);
  }
  return blocks;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
