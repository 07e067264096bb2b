import type { Location } from '../util/json-path.js';
import { templateLocation } from './path-template.js';

/** One path that differed on one exchange, with both values when they are short scalars worth naming. */
export interface Change {
  readonly path: string;
  /** Legacy and candidate values as text; null when either is not a short scalar (or may be a secret). */
  readonly values: readonly [from: string, to: string] | null;
}

const MAX_VALUE_CHARS = 40;
// Values reach reports: a field that may hold a credential or card data is named, never quoted.
const SECRET_KEY = /cvv|cvc|password|passwd|secret|token|card_?number|^pan$|^pin$|ssn|iban|authori[sz]ation|cookie/i;
const ABSENT = '(absent)';

/** The changes at `locations` between two normalised bodies, one per location. */
export function changesAt(locations: readonly Location[], legacy: unknown, candidate: unknown): Change[] {
  return locations.map((location) => {
    const last = location[location.length - 1];
    const from = describe(valueAt(legacy, location));
    const to = describe(valueAt(candidate, location));
    const named = typeof last === 'string' && SECRET_KEY.test(last);
    return { path: templateLocation(location), values: from === null || to === null || named ? null : [from, to] };
  });
}

/** A value as a transition shows it: strings bare, `null`, numbers and booleans as JSON; null when not a short scalar. */
export function describe(value: unknown): string | null {
  if (value === undefined) return ABSENT;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length <= MAX_VALUE_CHARS && !value.includes('→') ? value : null;
  return null;
}

function valueAt(root: unknown, location: Location): unknown {
  let here: unknown = root;
  for (const step of location) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string | number, unknown>)[step];
  }
  return here;
}
