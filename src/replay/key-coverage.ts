import { ParityError } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import type { PartitionKeyOf } from './partition.js';

/** How many of the first exchanges of a replay were read for their partition key before it starts. */
export const KEY_COVERAGE_SAMPLE = 1_000;

/**
 * Below this share of requests holding the partition key, a replay ordered by key is refused:
 * 95% leaves room for a few keyless requests (health checks, lookups) and none for a key that is
 * simply not there (0%) or names one endpoint out of several.
 */
export const DEFAULT_MIN_KEY_COVERAGE = 0.95;

/** The share of sampled exchanges whose request holds the partition key. */
export interface KeyCoverage {
  readonly sampled: number;
  readonly withKey: number;
  /** withKey / sampled, four decimals; 1 for an empty sample. */
  readonly share: number;
}

/**
 * Reads the partition key of the first `size` exchanges. The first ones, not a spread: they come
 * off the front of the stream the replay is about to read anyway (milliseconds, even on a 1M
 * capture), where a spread would mean a second pass over the whole file. Requests truncated at
 * record time are left out: their bodies cannot be read, and the replay skips them.
 */
export function sampleKeyCoverage(exchanges: Iterable<Exchange>, partitionOf: PartitionKeyOf, size = KEY_COVERAGE_SAMPLE): KeyCoverage {
  let sampled = 0;
  let withKey = 0;
  for (const exchange of exchanges) {
    if (sampled >= size) break;
    if (exchange.requestTruncated) continue;
    sampled++;
    if (partitionOf(exchange) !== undefined) withKey++;
  }
  return { sampled, withKey, share: sampled === 0 ? 1 : Math.round((withKey / sampled) * 10_000) / 10_000 };
}

/**
 * Refuses a replay ordered by a key most requests do not hold: those run unordered, and a stateful
 * service then answers out of order, which the report would show as mismatches of identical builds.
 */
export function checkKeyCoverage(coverage: KeyCoverage, partitionKey: string, minimum: number, capture: string): void {
  if (coverage.sampled === 0 || coverage.share >= minimum) return;
  throw new ParityError(
    'PARTITION_KEY_SPARSE',
    `partition key ${partitionKey} is in ${percent(coverage.share)} of requests (${coverage.withKey} of the first ${coverage.sampled}), under the ${percent(minimum)} required: the rest would replay unordered, and a stateful service answering out of order shows mismatches that are not in the code`,
    { hint: `run \`parity captures suggest-key ${capture}\` and pass the key it names with --partition-key; --order none if the service keeps no state between requests, --order global to replay one at a time` },
  );
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
