import type { Currency } from '../validator/currencies.js';
import type { Channel } from '../validator/payment.js';

/** The validation request body as the reference validator's API defines it (see validator/parse-payment.ts). */
export interface WirePayment {
  transaction_id: string;
  timestamp: string;
  account_id: string;
  card: { number: string; expiry_month: number; expiry_year: number; cvv?: string };
  merchant: { id: string; category_code: string; country: string };
  amount: number;
  currency: Currency;
  channel: Channel;
  customer_country: string;
  ip_country?: string;
  device_id?: string;
}
