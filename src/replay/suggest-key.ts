import type { Exchange } from '../core/exchange.js';
import { openCaptureReader } from '../store/index.js';
import { parsePartitionKey } from './partition.js';
import { requestKeyCandidates, tallyValue } from './key-candidates.js';
import { measureDependencies, type KeyDependencies } from './key-dependencies.js';
import { looksLikeId, placeKeys, type KeyRole, type Placement } from './key-roles.js';
import { SUGGEST_KEY_DEFAULTS } from './suggest-key-defaults.js';

export { SUGGEST_KEY_DEFAULTS } from './suggest-key-defaults.js';
export type { KeyRole } from './key-roles.js';

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
  /**
   * What the ranking sorts by, highest first. The whole part is the key's standing: 3 an entity
   * (values repeat, and it determines other keys: its attributes or another name for it), 2 a key
   * whose values repeat that determines none, 1 one whose values mostly do not repeat, 0 a key
   * another one stands for (`of`). The fraction orders keys of one standing: entities by where
   * the request names them, first first (a request names its subject before its counterparties:
   * the debtor before the creditor, the account before the merchant); the others by
   * log(distinct) / log(sampled), finer first (a coarse key is more likely an attribute).
   */
  readonly score: number;
  /** Why it stands there (see KeyRole). */
  readonly role: KeyRole;
  /** The key this one is an alias, attribute or subdivision of (roles alias, attribute, finer, resent). */
  readonly of?: string;
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
// Dependencies are measured between this many keys (the earliest seen), bounding the second
// pass's memory; later ones stand alone.
const MAX_RELATED = 48;

interface Tally {
  present: number;
  /** Requests per value; dropped once it shows too many distinct values to be a partition (or a value no key takes). */
  values: Map<string, number> | undefined;
}

interface Eligible {
  readonly key: string;
  readonly coverage: number;
  readonly distinct: number;
  readonly perValue: number;
  /** Share of its requests holding its commonest value: how often a dependency on it holds by chance. */
  readonly topShare: number;
}

/**
 * Ranks what could partition a capture's traffic for an ordered replay: JSON paths of request
 * bodies (array items generalised to [*]), headers, path segments and query parameters. A good key
 * names the stateful entity requests act on (an account, an IBAN): in nearly every request, with
 * values that repeat, and other keys are functions of it (its country, its holder's name). Its
 * attributes, its subdivisions (a card of the account) and retry keys rank below it. Reads at most
 * `sample` exchanges from the start, twice (counting, then dependencies between keys); keys are
 * only followed from the first 1% of them (a later one cannot reach 99%), at most 500, and values
 * of at most 64 characters each (longer ones as digests).
 */
export function suggestPartitionKeys(capture: string, options: SuggestKeyOptions = {}): KeySuggestions {
  const reader = openCaptureReader(capture);
  try {
    const sample = Math.max(1, options.sample ?? SUGGEST_KEY_DEFAULTS.sample);
    const expected = Math.min(sample, reader.count());
    const { sampled, eligible } = tallyKeys(take(reader.exchanges(), sample), expected, options.minCoverage ?? SUGGEST_KEY_DEFAULTS.minCoverage);
    // One key relates to nothing: the second read is spared.
    const measured = eligible.length < 2 ? { determines: [], resent: [] } : measureDependencies(take(reader.exchanges(), sample), eligible.slice(0, MAX_RELATED));
    return { sampled, keys: rank(eligible, placeKeys(eligible, padded(measured, eligible.length)), sampled) };
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

/** The keys of `exchanges` that could partition them, earliest seen first (about `expected` exchanges: keys first seen too late to reach `minCoverage` are not followed). */
function tallyKeys(exchanges: Iterable<Exchange>, expected: number, minCoverage: number): { sampled: number; eligible: Eligible[] } {
  const tallies = new Map<string, Tally>();
  const lastNewAt = Math.floor(expected * (1 - minCoverage));
  const maxDistinct = Math.floor(expected * MAX_DISTINCT_SHARE);
  let sampled = 0;
  for (const exchange of exchanges) {
    for (const [key, value] of requestKeyCandidates(exchange)) {
      let tally = tallies.get(key);
      if (!tally) {
        if (sampled > lastNewAt || tallies.size >= MAX_CANDIDATES) continue;
        tally = { present: 0, values: new Map() };
        tallies.set(key, tally);
      }
      tally.present++;
      if (!tally.values) continue;
      // A fraction is a measure (an amount), never the name of an entity.
      if (typeof value === 'number' && !Number.isInteger(value)) {
        tally.values = undefined;
        continue;
      }
      const counted = tallyValue(value);
      tally.values.set(counted, (tally.values.get(counted) ?? 0) + 1);
      if (tally.values.size > maxDistinct || (tally.present === ALL_DISTINCT_AFTER && tally.values.size === ALL_DISTINCT_AFTER)) tally.values = undefined;
    }
    sampled++;
  }
  const eligible: Eligible[] = [];
  for (const [key, { present, values }] of tallies) {
    const distinct = values?.size ?? 0;
    const coverage = sampled === 0 ? 0 : present / sampled;
    if (!values || coverage < minCoverage || distinct < 2 || distinct > present * MAX_DISTINCT_SHARE || !readable(key)) continue;
    let top = 0;
    for (const count of values.values()) top = Math.max(top, count);
    eligible.push({ key, coverage, distinct, perValue: present / distinct, topShare: top / present });
  }
  return { sampled, eligible };
}

/** Keys past MAX_RELATED determine nothing and are determined by nothing. */
function padded(measured: KeyDependencies, n: number): KeyDependencies {
  return {
    determines: Array.from({ length: n }, (_, a) => Array.from({ length: n }, (__, b) => measured.determines[a]?.[b] === true)),
    resent: Array.from({ length: n }, (_, a) => measured.resent[a] === true),
  };
}

function rank(eligible: readonly Eligible[], placements: readonly Placement[], sampled: number): KeySuggestion[] {
  const scale = Math.log2(Math.max(2, sampled));
  const ranked = eligible.map((k, i) => {
    const place = placements[i]!;
    const of = place.of === undefined ? undefined : eligible[place.of]?.key;
    const suggestion: KeySuggestion = {
      key: k.key,
      coverage: round(k.coverage),
      distinct: k.distinct,
      perValue: round(k.perValue),
      score: round(place.tier + (place.role === 'entity' ? (eligible.length - i) / (eligible.length + 1) : Math.min(0.9999, Math.log2(k.distinct) / scale))),
      role: place.role,
      ...(of === undefined ? {} : { of }),
    };
    return { suggestion, idLike: looksLikeId(k.key), firstSeen: i };
  });
  // A name that reads as an id only breaks ties.
  ranked.sort((a, b) => b.suggestion.score - a.suggestion.score || Number(b.idLike) - Number(a.idLike) || a.firstSeen - b.firstSeen);
  return ranked.map((r) => r.suggestion);
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
