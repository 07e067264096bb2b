import type { Random } from '../util/random.js';
import type { ValidatorSettings } from '../validator/settings.js';
import type { FundsLedger } from './funds.js';
import type { PlannedRequest } from './pending-requests.js';
import type { Population } from './population.js';
import type { TransactionIds } from './transaction-ids.js';

/** What a scenario sees when a customer arrives. */
export interface ScenarioContext {
  /** The arrival time (epoch ms): a scenario plans requests at or after it. */
  readonly now: number;
  readonly random: Random;
  readonly population: Population;
  readonly funds: FundsLedger;
  readonly ids: TransactionIds;
  readonly settings: ValidatorSettings;
}

/**
 * One kind of traffic (an ordinary purchase, a velocity burst, a malformed request, ...). The
 * generator picks one by weight for each arrival; `plan` returns the requests it makes, due at or
 * after `now` (most at `now`; a run around midnight a few hours later), in the order they are due.
 */
export interface Scenario {
  readonly name: string;
  readonly weight: number;
  plan(ctx: ScenarioContext): PlannedRequest[];
}
