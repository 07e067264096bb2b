import type { Category } from '../../report/model.js';
import { boundedNumber } from '../../util/schema.js';
import { formatCount as n } from '../../util/format-number.js';
import type { CorrectnessPolicy, PolicyInput } from '../policy.js';

/** Exchanges of a category not accepted by the allow-list. */
function unallowed(input: PolicyInput, category: Exclude<Category, 'match'>): { count: number; allowed: number } {
  const allowedSignatures = new Set(input.allowList.allowed.map((a) => a.signature));
  const allowed = input.report.groups.filter((g) => g.category === category && allowedSignatures.has(g.signature)).reduce((sum, g) => sum + g.count, 0);
  return { count: input.report.categories[category] - allowed, allowed };
}

/** At most `limit` exchanges of a category, outside the allow-list (0 by default). */
export function atMost<Key extends string>(name: string, key: Key, what: string, category: Exclude<Category, 'match'>): CorrectnessPolicy<Key> {
  return {
    name,
    reads: 'replay',
    limit: { key, schema: boundedNumber(0, undefined, { integer: true }), default: 0, unit: 'count', describe: `${what} outside the allow-list` },
    evaluate(input) {
      const { count, allowed } = unallowed(input, category);
      const { limit } = input;
      const passed = count <= limit;
      const allowedNote = allowed > 0 ? ` (${n(allowed)} more allowed by the allow-list)` : '';
      const detail = passed ? `${n(count)} ${what}, limit ${n(limit)}${allowedNote}` : `${n(count)} ${what}, limit ${n(limit)}: ${n(count - limit)} over${allowedNote}`;
      return { name, passed, actual: count, limit, detail };
    },
  };
}
