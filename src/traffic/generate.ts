import { Random } from '../util/random.js';
import { defaultSeed } from '../validator/seed/load-seed.js';
import type { Seed } from '../validator/seed/seed.js';
import { DEFAULT_SETTINGS, type ValidatorSettings } from '../validator/settings.js';
import { ArrivalClock } from './arrivals.js';
import { DEFAULT_START } from './default-start.js';
import { FundsLedger } from './funds.js';
import type { GeneratedRequest } from './generated-request.js';
import { PendingRequests } from './pending-requests.js';
import { buildPopulation } from './population.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';
import { TransactionIds } from './transaction-ids.js';
import { WeightedSampler } from './weighted-sampler.js';

export type { GeneratedRequest } from './generated-request.js';
export { DEFAULT_START } from './default-start.js';

export interface TrafficOptions {
  /** How many requests to generate. */
  readonly count: number;
  /** The same seed gives the same requests, byte for byte. */
  readonly seed: number;
  /** Epoch milliseconds of the first arrival. Default: `DEFAULT_START`. */
  readonly start?: number;
}

/**
 * Synthetic payment traffic for the reference validator (its bundled seed, its default limits),
 * lazily: each request is built when it is asked for, so a million cost no more memory than ten.
 * Customers arrive on a clock that only moves forward; each arrival plays a scenario picked by
 * weight (most are ordinary purchases), which may plan more requests for the next minutes (a
 * burst, a day of large payments). Planned requests wait in a small queue and go out when due,
 * interleaved with new arrivals, so timestamps never decrease.
 */
export function generateTraffic(options: TrafficOptions): IterableIterator<GeneratedRequest> {
  if (!Number.isSafeInteger(options.count) || options.count < 0) throw new RangeError(`count must be a whole number >= 0, got ${options.count}`);
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a whole number, got ${options.seed}`);
  const start = options.start ?? DEFAULT_START;
  if (!Number.isFinite(start)) throw new RangeError(`start must be a time, got ${start}`);
  return run(options.count, options.seed, start, defaultSeed(), DEFAULT_SETTINGS);
}

function* run(count: number, seed: number, start: number, state: Seed, settings: ValidatorSettings): Generator<GeneratedRequest, void, undefined> {
  const random = new Random(seed);
  const population = buildPopulation(state, settings, random, start);
  const ids = new TransactionIds(random);
  const funds = new FundsLedger();
  const clock = new ArrivalClock(start, random);
  const scenarios = new WeightedSampler<Scenario>(SCENARIOS.map((s) => [s, s.weight] as const));
  const pending = new PendingRequests();

  for (let emitted = 0; emitted < count; ) {
    const due = pending.peek();
    if (due && due.at <= clock.next) {
      pending.pop();
      emitted++;
      yield due.request;
      continue;
    }
    const ctx: ScenarioContext = { now: clock.arrive(), random, population, funds, ids, settings };
    for (const planned of scenarios.pick(random).plan(ctx)) pending.push(planned);
  }
}
