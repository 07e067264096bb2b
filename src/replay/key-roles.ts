import type { KeyDependencies } from './key-dependencies.js';

/**
 * Why a key ranks where it does. Leading keys: `entity` (values repeat, and it determines other
 * keys: its attributes, or another name for it), `key` (values repeat, it determines nothing),
 * `sparse` (most values are seen once). Keys another one stands for: `alias` (one-to-one with it),
 * `finer` (each value sits inside one value of an entity: ordering by that keeps this order too),
 * `resent` (values repeat only as the same request sent again, at most 3 times: a retry or
 * idempotency key),
 * `attribute` (a function of an entity: a country, a currency, a brand).
 */
export type KeyRole = 'entity' | 'key' | 'sparse' | 'alias' | 'finer' | 'resent' | 'attribute';

export interface KeyFacts {
  readonly key: string;
  readonly distinct: number;
  readonly perValue: number;
}

export interface Placement {
  readonly role: KeyRole;
  /** Index of the key this one is an alias, attribute or subdivision of. */
  readonly of?: number;
  /** 3 entity, 2 key, 1 sparse, 0 stood for by another key. */
  readonly tier: number;
}

// An entity comes back: a key whose values are mostly seen once keeps little order.
const MIN_PER_VALUE = 2;
// A retry key repeats as a request and a retry or two. A key repeating more often, each time
// with the same request, is an entity whose requests carry nothing else (GET /users/42).
const MAX_RESENT_PER_VALUE = 3;
// Only to choose among names of one thing (an IBAN and the holder's name): which reads as the key.
const ID_NAME = /(^|[^a-z])(id|ids|iban|account|user|customer|member|client|tenant|org|organization)(_?id)?$/i;

export function looksLikeId(key: string): boolean {
  return ID_NAME.test(key.replace(/\[\*\]$/, ''));
}

/**
 * Places each key (in `facts`, earliest seen first) from the dependencies between them: a partition
 * key names the thing whose state requests change, and that thing's attributes are functions of
 * it, so a key that determines others is an entity, a key an entity determines is its attribute,
 * and an entity that determines another entity is a subdivision of it (a card of an account).
 */
export function placeKeys(facts: readonly KeyFacts[], deps: KeyDependencies): Placement[] {
  const det = (a: number, b: number) => deps.determines[a]?.[b] === true;
  const resent = (a: number) => deps.resent[a] === true && facts[a]!.perValue <= MAX_RESENT_PER_VALUE;
  const n = facts.length;
  const aliasOf = aliasRepresentatives(facts, det);
  const reps = [...Array(n).keys()].filter((i) => aliasOf[i] === i);
  const hasAlias = (a: number) => aliasOf.some((r, i) => r === a && i !== a);
  const entity = (a: number) => !resent(a) && (hasAlias(a) || reps.some((b) => b !== a && det(a, b)));
  const byDistinct = (order: 1 | -1) => (x: number, y: number) => order * (facts[x]!.distinct - facts[y]!.distinct) || x - y;

  return [...Array(n).keys()].map((a): Placement => {
    if (aliasOf[a] !== a) return { role: 'alias', of: aliasOf[a]!, tier: 0 };
    // The nearest coarser entity: its partitions hold all of this key's requests.
    const coarser = reps.filter((b) => b !== a && det(a, b) && (entity(b) || resent(a))).sort(byDistinct(-1));
    if (coarser.length > 0) return { role: resent(a) ? 'resent' : 'finer', of: coarser[0]!, tier: 0 };
    if (!entity(a)) {
      // Named after the coarsest entity determining it: the one the others subdivide.
      const owners = reps.filter((b) => b !== a && !resent(b) && det(b, a)).sort(byDistinct(1));
      if (owners.length > 0) return { role: 'attribute', of: owners[0]!, tier: 0 };
    }
    if (facts[a]!.perValue < MIN_PER_VALUE) return { role: 'sparse', tier: 1 };
    return entity(a) ? { role: 'entity', tier: 3 } : { role: 'key', tier: 2 };
  });
}

/** For each key, the one named for its group of keys that determine each other: the one that reads as an id, else the earliest. */
function aliasRepresentatives(facts: readonly KeyFacts[], det: (a: number, b: number) => boolean): number[] {
  const rep: (number | undefined)[] = facts.map(() => undefined);
  for (let a = 0; a < facts.length; a++) {
    if (rep[a] !== undefined) continue;
    const group = [a];
    for (let g = 0; g < group.length; g++) {
      const x = group[g]!;
      for (let b = 0; b < facts.length; b++) if (!group.includes(b) && det(x, b) && det(b, x)) group.push(b);
    }
    group.sort((x, y) => x - y);
    const chosen = group.find((b) => looksLikeId(facts[b]!.key)) ?? a;
    for (const b of group) rep[b] = chosen;
  }
  return rep.map((r, i) => r ?? i);
}
