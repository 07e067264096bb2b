import type { Scenario } from '../scenario.js';
import { amountAtLimit } from './amount-at-limit.js';
import { amountNotMinorUnits } from './amount-not-minor-units.js';
import { balanceEdge } from './balance-edge.js';
import { blockedAccount } from './blocked-account.js';
import { blockedCategory } from './blocked-category.js';
import { cardExpiringThisMonth } from './card-expiring-this-month.js';
import { crossBorderEcom } from './cross-border-ecom.js';
import { dailyLimitRun } from './daily-limit-run.js';
import { exactRetry } from './exact-retry.js';
import { expiredCard } from './expired-card.js';
import { highRiskCategory } from './high-risk-category.js';
import { malformedRequest } from './malformed-request.js';
import { merchantCapEdge } from './merchant-cap-edge.js';
import { mistypedCardNumber } from './mistyped-card-number.js';
import { normalPurchase } from './normal-purchase.js';
import { reusedTransactionId } from './reused-transaction-id.js';
import { suspendedMerchant } from './suspended-merchant.js';
import { unknownAccount } from './unknown-account.js';
import { unknownMerchant } from './unknown-merchant.js';
import { velocityBurst } from './velocity-burst.js';
import { velocityWindowEdge } from './velocity-window-edge.js';

/** Every scenario the generator picks from, by weight: adding one is a file plus a line here. */
export const SCENARIOS: readonly Scenario[] = [
  normalPurchase,
  crossBorderEcom,
  highRiskCategory,
  velocityBurst,
  velocityWindowEdge,
  amountAtLimit,
  merchantCapEdge,
  dailyLimitRun,
  balanceEdge,
  expiredCard,
  cardExpiringThisMonth,
  mistypedCardNumber,
  amountNotMinorUnits,
  unknownAccount,
  blockedAccount,
  unknownMerchant,
  suspendedMerchant,
  blockedCategory,
  exactRetry,
  reusedTransactionId,
  malformedRequest,
];
