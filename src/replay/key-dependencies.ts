import { createHash } from 'node:crypto';
import type { Exchange } from '../core/exchange.js';
import { requestKeyCandidates, tallyValue } from './key-candidates.js';

/** A key whose dependencies are measured, and the share of its requests holding its commonest value. */
export interface DependencyKey {
  readonly key: string;
  readonly topShare: number;
}

/** Which keys are functions of which, in the traffic read. */
export interface KeyDependencies {
  /** determines[a][b]: each value of key a comes with one value of key b (b is an attribute of a, or another name for it). */
  readonly determines: readonly (readonly boolean[])[];
  /** resent[a]: key a's values repeat only as the same request sent again (a retry or idempotency key). */
  readonly resent: readonly boolean[];
}

// Only the first values of each key are followed: memory stays bounded whatever the traffic.
const MAX_GROUPS = 2_000;
// A dependency needs this many repeats to judge: two requests of one account agreeing on a
// country by chance says nothing.
const MIN_REPEATS = 20;
// Real traffic has noise (a value sent in two spellings); a dependency may be broken this often.
const MAX_DISAGREEMENT = 0.02;
// ...but never by more than this share of what chance alone would break: a key with one common
// value agrees with anything most of the time.
const MAX_SHARE_OF_CHANCE = 0.1;
const MISSING = 0;

/**
 * Measures, for every pair of `keys`, whether the first determines the second: each repeat of a
 * value of the first carries the value of the second its first request did. Each key's first 2,000
 * values are followed, each as one 32-bit digest per key, so memory is bounded by keys² × 2,000.
 */
export function measureDependencies(exchanges: Iterable<Exchange>, keys: readonly DependencyKey[]): KeyDependencies {
  const k = keys.length;
  const width = k + 1; // the last column is the whole request
  const groups = keys.map(() => new Map<string, Int32Array>());
  const repeats = new Int32Array(k * width);
  const disagreements = new Int32Array(k * width);
  for (const exchange of exchanges) {
    const found = requestKeyCandidates(exchange);
    const values = keys.map(({ key }) => {
      const value = found.get(key);
      return value === undefined ? undefined : tallyValue(value);
    });
    const digests = new Int32Array(width);
    values.forEach((value, i) => (digests[i] = value === undefined ? MISSING : digest(value)));
    digests[k] = requestDigest(exchange);
    for (let a = 0; a < k; a++) {
      const value = values[a];
      if (value === undefined) continue;
      const first = groups[a]!.get(value);
      if (!first) {
        if (groups[a]!.size < MAX_GROUPS) groups[a]!.set(value, digests.slice());
        continue;
      }
      for (let b = 0; b < width; b++) {
        const now = digests[b]!;
        if (b === a || now === MISSING) continue;
        if (first[b] === MISSING) {
          first[b] = now;
          continue;
        }
        repeats[a * width + b]!++;
        if (first[b] !== now) disagreements[a * width + b]!++;
      }
    }
  }
  const holds = (a: number, b: number, topShare: number) => {
    const seen = repeats[a * width + b]!;
    const broken = disagreements[a * width + b]! / Math.max(1, seen);
    return seen >= MIN_REPEATS && broken <= MAX_DISAGREEMENT && broken <= MAX_SHARE_OF_CHANCE * (1 - topShare);
  };
  return {
    determines: keys.map((_, a) => keys.map((other, b) => a !== b && holds(a, b, other.topShare))),
    // Requests are nearly all different, so chance explains no agreement here.
    resent: keys.map((_, a) => holds(a, k, 0)),
  };
}

/** FNV-1a: a 32-bit digest, never MISSING. */
function digest(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h === MISSING ? 1 : h;
}

/** What a retry sends again: method, path, query and body (headers may name the attempt). */
function requestDigest(exchange: Exchange): number {
  const hash = createHash('sha1').update(`${exchange.method} ${exchange.path}?${exchange.query}\n`).update(exchange.requestBody).digest();
  const h = hash.readInt32LE(0);
  return h === MISSING ? 1 : h;
}
