import { utcDay, type Timestamp } from '../util/timestamp.js';
import { CURRENCIES, type Currency } from './currencies.js';

/**
 * Behaviours several rules (and the commit step) share. Kept apart from the rules so that a
 * mutation can change one convention everywhere it applies, the way a rewrite gets it wrong.
 */
export interface Conventions {
  /** Minor-unit exponent used to turn limits written in major units into minor units. */
  readonly exponentOf: (currency: Currency) => number;
  /** The calendar day a transaction counts towards for daily limits. */
  readonly dayOf: (timestamp: Timestamp) => string;
  /** Whether a merchant id in a request names a registered merchant. */
  readonly sameMerchantId: (requested: string, registered: string) => boolean;
  /** Whether an approval reserves the amount on the account. */
  readonly holdOnApproval: boolean;
}

const MS_PER_DAY = 86_400_000;
const utcDays = new Map<number, string>();

/**
 * `utcDay`, memoised per UTC day number: the daily-limit rule asks for the day of every approval in
 * the account's history on every payment, and formatting a Date each time was the rule's main cost.
 * The day string depends only on floor(epochMs / day), so the cache cannot change an answer.
 */
function cachedUtcDay(timestamp: Timestamp): string {
  const dayNumber = Math.floor(timestamp.epochMs / MS_PER_DAY);
  let day = utcDays.get(dayNumber);
  if (day === undefined) {
    day = utcDay(timestamp);
    if (utcDays.size >= 1_024) utcDays.clear();
    utcDays.set(dayNumber, day);
  }
  return day;
}

export const DEFAULT_CONVENTIONS: Conventions = {
  exponentOf: (currency) => CURRENCIES[currency].exponent,
  dayOf: cachedUtcDay,
  sameMerchantId: (requested, registered) => requested.toLowerCase() === registered.toLowerCase(),
  holdOnApproval: true,
};

/** A limit written in major units, in minor units of its currency. */
export function toMinorUnits(major: number, currency: Currency, conventions: Conventions): number {
  return Math.round(major * 10 ** conventions.exponentOf(currency));
}
