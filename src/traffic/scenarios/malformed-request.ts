import type { Random } from '../../util/random.js';
import { JSON_HEADERS, VALIDATE_PATH, type GeneratedRequest } from '../generated-request.js';
import { draftPayment } from '../payment-draft.js';
import type { Scenario } from '../scenario.js';
import { channelFor, choosePurchase, chooseShop } from '../shopping.js';
import type { WirePayment } from '../wire-payment.js';

type Body = Record<string, unknown>;

interface Breakage {
  readonly body: string;
  readonly headers?: readonly (readonly [string, string])[];
}

/** The ways real clients get the request wrong, each answered with a 400 and a precise code. */
const BREAKAGES: readonly (readonly [(random: Random, payment: WirePayment) => Breakage, number])[] = [
  // Cut off mid-body (a proxy or a client that gave up writing): not JSON.
  [(random, p) => { const text = JSON.stringify(p); return { body: text.slice(0, random.int(1, text.length - 1)) }; }, 3],
  // Hand-written JSON: a trailing comma or single quotes.
  [(random, p) => ({ body: random.chance(0.5) ? JSON.stringify(p).replace(/}$/, ',}') : JSON.stringify(p).replace(/"/g, "'") }), 2],
  // A required field left out or null.
  [(random, p) => {
    const body = structuredClone(p) as unknown as Body;
    const key = random.pick(['transaction_id', 'timestamp', 'account_id', 'card', 'merchant', 'amount', 'currency', 'channel', 'customer_country']);
    if (random.chance(0.7)) delete body[key];
    else body[key] = null;
    return { body: JSON.stringify(body) };
  }, 3],
  // Wrong JSON types: the amount as a string, the expiry month as "07", the account id as a number.
  [(random, p) => {
    const body = structuredClone(p) as unknown as Body & { card: Body };
    const which = random.int(0, 2);
    if (which === 0) body['amount'] = (p.amount / 100).toFixed(2);
    else if (which === 1) body.card['expiry_month'] = String(p.card.expiry_month).padStart(2, '0');
    else body['account_id'] = Number(p.account_id.replace(/\D/g, ''));
    return { body: JSON.stringify(body) };
  }, 3],
  // A currency the validator does not support, or a currency code in lowercase.
  [(random, p) => ({ body: JSON.stringify({ ...p, currency: random.pick(['RUB', 'XBT', 'EURO', p.currency.toLowerCase()]) }) }), 2],
  // Not sent as JSON: a form post, plain text, or no content type at all.
  [(random, p) => ({ body: JSON.stringify(p), headers: random.pick([[['content-type', 'text/plain']], [['content-type', 'application/x-www-form-urlencoded']], []] as const) }), 2],
  // A timestamp without an offset, or as epoch seconds.
  [(random, p) => ({ body: JSON.stringify({ ...p, timestamp: random.chance(0.6) ? p.timestamp.slice(0, 19) : Math.floor(Date.parse(p.timestamp) / 1000) }) }), 2],
  // Fields the API does not define: a camelCase client, or an extra field.
  [(random, p) => {
    if (random.chance(0.5)) return { body: JSON.stringify({ ...p, amount_major: p.amount / 100 }) };
    const { transaction_id, ...rest } = p;
    return { body: JSON.stringify({ transactionId: transaction_id, ...rest }) };
  }, 1.5],
  // Badly formatted codes: a 3-letter country, a 5-digit category code.
  [(random, p) => ({ body: JSON.stringify(random.chance(0.5) ? { ...p, customer_country: `${p.customer_country}X` } : { ...p, merchant: { ...p.merchant, category_code: `${p.merchant.category_code}1` } }) }), 1],
  // No body at all, or a batch (an array) where one payment is expected.
  [(random, p) => ({ body: random.chance(0.5) ? '' : JSON.stringify([p]) }), 0.5],
];

/** A request the validator must refuse with a 400: broken JSON, missing or mistyped fields, wrong content type. */
export const malformedRequest: Scenario = {
  name: 'malformed-request',
  weight: 0.95,
  plan(ctx) {
    const { random } = ctx;
    const { account, currency, amount } = choosePurchase(ctx);
    const merchant = chooseShop(ctx, account);
    const payment = draftPayment(ctx, { at: ctx.now, account, merchant, amount, currency, channel: channelFor(random, merchant) });
    const broken = random.weighted(BREAKAGES)(random, payment);
    const request: GeneratedRequest = { method: 'POST', path: VALIDATE_PATH, headers: broken.headers ?? JSON_HEADERS, body: broken.body, account: account.id };
    return [{ at: ctx.now, request }];
  },
};
