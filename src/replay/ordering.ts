import type { Exchange } from '../core/exchange.js';
import type { PartitionKeyOf } from './partition.js';

export const ORDERINGS = ['key', 'global', 'none'] as const;
export type Ordering = (typeof ORDERINGS)[number];

/**
 * The lane key of an exchange under an ordering: exchanges with the same lane key are replayed one
 * after another in recorded order; undefined marks an exchange free (the next idle lane takes it).
 * `key`: one lane per partition (an exchange without a key is free); `global`: everything in one
 * lane; `none`: every exchange free.
 */
export function laneKeyOf(ordering: Ordering, partitionOf: PartitionKeyOf): (exchange: Exchange) => string | undefined {
  if (ordering === 'global') return () => '';
  if (ordering === 'none') return () => undefined;
  return (e) => {
    const key = partitionOf(e);
    return key === undefined ? undefined : `k:${key}`;
  };
}
