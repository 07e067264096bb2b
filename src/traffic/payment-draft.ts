import type { Currency } from '../validator/currencies.js';
import type { Channel } from '../validator/payment.js';
import type { TrafficCard } from './cards.js';
import { paymentRequest } from './generated-request.js';
import type { PlannedRequest } from './pending-requests.js';
import type { TrafficAccount, TrafficMerchant } from './population.js';
import type { ScenarioContext } from './scenario.js';
import { formatTimestamp } from './time-zones.js';
import type { WirePayment } from './wire-payment.js';

export interface PaymentSpec {
  readonly at: number;
  readonly account: Pick<TrafficAccount, 'id' | 'country' | 'timestampStyle' | 'deviceId' | 'cardSampler'>;
  /** Default: one of the account's cards, by how often it is used. */
  readonly card?: TrafficCard;
  readonly merchant: Pick<TrafficMerchant, 'id' | 'categoryCode' | 'country'>;
  readonly amount: number;
  readonly currency: Currency;
  readonly channel: Channel;
  /** Where the customer's browser is (ecom only). Default: the customer's country. */
  readonly ipCountry?: string;
  /** Default: a fresh id. */
  readonly transactionId?: string;
}

/** A payment body the way real clients write it: card numbers sometimes grouped, CVV and device id on remote channels. */
export function draftPayment(ctx: ScenarioContext, spec: PaymentSpec): WirePayment {
  const { random } = ctx;
  const card = spec.card ?? spec.account.cardSampler.pick(random);
  const remote = spec.channel !== 'pos';
  const grouped = spec.channel === 'moto' ? random.chance(0.15) : spec.channel === 'ecom' && random.chance(0.08);
  const payment: WirePayment = {
    transaction_id: spec.transactionId ?? ctx.ids.next(spec.account.id),
    timestamp: formatTimestamp(spec.at, spec.account.country, spec.account.timestampStyle),
    account_id: spec.account.id,
    card: { number: grouped ? group(card.number, spec.channel === 'moto' ? '-' : ' ') : card.number, expiry_month: card.expiryMonth, expiry_year: card.expiryYear },
    merchant: { id: spec.merchant.id, category_code: spec.merchant.categoryCode, country: spec.merchant.country },
    amount: spec.amount,
    currency: spec.currency,
    channel: spec.channel,
    customer_country: spec.account.country,
  };
  if (remote && random.chance(spec.channel === 'ecom' ? 0.95 : 0.8)) payment.card.cvv = card.cvv;
  if (spec.channel === 'ecom') {
    payment.ip_country = spec.ipCountry ?? spec.account.country;
    if (random.chance(0.85)) payment.device_id = spec.account.deviceId;
  }
  return payment;
}

/** The payment as a request due at `spec.at`. */
export function planPayment(ctx: ScenarioContext, spec: PaymentSpec): PlannedRequest {
  return { at: spec.at, request: paymentRequest(draftPayment(ctx, spec)) };
}

function group(digits: string, separator: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, `$1${separator}`);
}
