import type { Timestamp } from '../util/timestamp.js';
import type { Currency } from './currencies.js';

export const CHANNELS = ['ecom', 'pos', 'moto'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A validated payment request: what every rule reads. Amounts are integers in minor units. */
export interface Payment {
  readonly transactionId: string;
  readonly timestamp: Timestamp;
  readonly accountId: string;
  readonly card: {
    /** Digits only: separators are stripped while parsing. */
    readonly number: string;
    readonly expiryMonth: number;
    readonly expiryYear: number;
    readonly cvv: string | undefined;
  };
  readonly merchant: {
    readonly id: string;
    readonly categoryCode: string;
    readonly country: string;
  };
  /** Minor units. A number, not necessarily a positive integer: the format rule judges that. */
  readonly amount: number;
  readonly currency: Currency;
  readonly channel: Channel;
  readonly customerCountry: string;
  readonly ipCountry: string | undefined;
  readonly deviceId: string | undefined;
}
