import { createHash } from 'node:crypto';
import type { Exchange } from '../core/exchange.js';
import { openCaptureReader } from '../store/index.js';
import { parsePartitionKey } from './partition.js';
import { requestKeyCandidates } from './key-candidates.js';
import { SUGGEST_KEY_DEFAULTS } from './suggest-key-defaults.js';

export { SUGGEST_KEY_DEFAULTS } from './suggest-key-defaults.js';

/** How `suggestPartitionKeys` reads a capture. */
export interface SuggestKeyOptions {
  /** Exchanges read, from the start of the capture (default 20,000): memory stays bounded whatever its size. */
  readonly sample?: number;
  /** Share of sampled requests a key must be in to be suggested (default 0.99). */
  readonly minCoverage?: number;
}

/** One candidate partition key, as `--partition-key` takes it. */
export interface KeySuggestion {
  readonly key: string;
  /** Share of sampled requests holding it. */
  readonly coverage: number;
  /** Distinct values: the partitions a replay would run side by side. */
  readonly distinct: number;
  /** Requests per value on average: how much order the key keeps. */
  readonly perValue: number;
  /** log2(distinct) × log2(perValue): highest for many partitions that each hold many requests. */
  readonly score: number;
}

export interface KeySuggestions {
  readonly sampled: number;
  /** Best first; only keys in at least `minCoverage` of requests, grouping them into 2 … 0.9 × requests partitions. */
  readonly keys: readonly KeySuggestion[];
}

// A partition is an entity that comes back: a key with nearly one value per request (a request
// id, a timestamp) keeps no order, and keeping it would only cost memory.
const MAX_DISTINCT_SHARE = 0.9;
// Bounds the paths followed in bodies of many shapes; keys past it are not suggested.
const MAX_CANDIDATES = 500;
// A key whose first this-many values are all different is an id or a clock: dropped there, so
// the values it would hold until the end of the sample are never kept.
const ALL_DISTINCT_AFTER = 1_000;

interface Tally {
  present: number;
  /** Dropped once it shows too many distinct values to be a partition (or a value no key takes). */
  values: Set<string> | undefined;
  firstSeen: number;
}

/**
 * Ranks what could partition a capture's traffic for an ordered replay: JSON paths of request
 * bodies (array items generalised to [*]), headers, path segments and query parameters. A good key
 * names the stateful entity requests act on (an account, an IBAN): in nearly every request, with
 * values that repeat, and many of them. Reads at most `sample` exchanges from the start; keys are
 * only followed from the first 1% of them (a later one cannot reach 99%), at most 500, and values
 * of at most 64 characters each (longer ones as digests).
 */
export function suggestPartitionKeys(capture: string, options: SuggestKeyOptions = {}): KeySuggestions {
  const reader = openCaptureReader(capture);
  try {
    const sample = Math.max(1, options.sample ?? SUGGEST_KEY_DEFAULTS.sample);
    const expected = Math.min(sample, reader.count());
    return rankKeys(take(reader.exchanges(), sample), expected, options.minCoverage ?? SUGGEST_KEY_DEFAULTS.minCoverage);
  } finally {
    reader.close();
  }
}

function* take(exchanges: Iterable<Exchange>, n: number): Generator<Exchange> {
  let taken = 0;
  for (const exchange of exchanges) {
    if (taken++ >= n) return;
    yield exchange;
  }
}

/** Ranks the keys of `exchanges` (about `expected` of them: keys first seen too late to reach `minCoverage` are not followed). */
function rankKeys(exchanges: Iterable<Exchange>, expected: number, minCoverage: number): KeySuggestions {
  const tallies = new Map<string, Tally>();
  const lastNewAt = Math.floor(expected * (1 - minCoverage));
  const maxDistinct = Math.floor(expected * MAX_DISTINCT_SHARE);
  let sampled = 0;
  for (const exchange of exchanges) {
    for (const [key, value] of requestKeyCandidates(exchange)) {
      let tally = tallies.get(key);
      if (!tally) {
        if (sampled > lastNewAt || tallies.size >= MAX_CANDIDATES) continue;
        tally = { present: 0, values: new Set(), firstSeen: tallies.size };
        tallies.set(key, tally);
      }
      tally.present++;
      if (!tally.values) continue;
      // A fraction is a measure (an amount), never the name of an entity.
      if (typeof value === 'number' && !Number.isInteger(value)) tally.values = undefined;
      else tally.values.add(bounded(String(value)));
      if (tally.values && (tally.values.size > maxDistinct || (tally.present === ALL_DISTINCT_AFTER && tally.values.size === ALL_DISTINCT_AFTER))) tally.values = undefined;
    }
    sampled++;
  }
  const keys: (KeySuggestion & { firstSeen: number })[] = [];
  for (const [key, tally] of tallies) {
    const distinct = tally.values?.size ?? 0;
    const coverage = sampled === 0 ? 0 : tally.present / sampled;
    if (coverage < minCoverage || distinct < 2 || distinct > tally.present * MAX_DISTINCT_SHARE || !readable(key)) continue;
    const perValue = tally.present / distinct;
    keys.push({ key, coverage: round(coverage), distinct, perValue: round(perValue), score: round(Math.log2(distinct) * Math.log2(perValue)), firstSeen: tally.firstSeen });
  }
  keys.sort((a, b) => b.score - a.score || a.firstSeen - b.firstSeen);
  return { sampled, keys: keys.map(({ firstSeen: _, ...k }) => k) };
}

/** Long values are kept as digests: a cap on memory, not on what counts as distinct. */
function bounded(value: string): string {
  return value.length <= 64 ? value : createHash('sha1').update(value).digest('base64');
}

/** Only keys `--partition-key` reads back the same way are suggested. */
function readable(key: string): boolean {
  try {
    parsePartitionKey(key);
    return true;
  } catch {
    return false;
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
