import type { Location } from '../util/json-path.js';

const NUMERIC_KEY = /^\d+$/;
const BRACKETED_INDEX = /\[\d+\]/g;
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * The path a location's difference is grouped under, so one cause is one group: array indices
 * become `[*]`, an object key made only of digits (an id used as a key) becomes `*`, and indices
 * written inside a key (`a[25]`, as a query parser that does not nest leaves them) become `a[*]`.
 * Nothing else is generalised: a key that merely contains digits (`v2`, `line1`) names a field.
 */
export function templateLocation(location: Location): string {
  return `$${location.map(templateStep).join('')}`;
}

function templateStep(step: string | number): string {
  if (typeof step === 'number') return '[*]';
  if (NUMERIC_KEY.test(step)) return '.*';
  const key = step.replace(BRACKETED_INDEX, '[*]');
  return IDENTIFIER.test(key) ? `.${key}` : `['${key.replace(/'/g, "\\'")}']`;
}
