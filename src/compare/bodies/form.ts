import type { BodyComparer } from './body-comparer.js';

type Fields = Readonly<Record<string, readonly string[]>>;

/** `application/x-www-form-urlencoded`: a multiset of fields, so their order does not matter. */
export const formComparer: BodyComparer = {
  kind: 'form',
  summary: 'as a set of fields in any order; paths `form.amount`',
  accepts: (mediaType) => mediaType === 'application/x-www-form-urlencoded',
  comparable: (view) => fieldsOf(view.content().toString('utf8')),
  differences(legacy, candidate, limit) {
    const a = legacy as Fields;
    const b = candidate as Fields;
    const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const out: string[] = [];
    for (const name of names) {
      if (out.length >= limit) break;
      const x = a[name] ?? [];
      const y = b[name] ?? [];
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) out.push(`form.${name}`);
    }
    return out;
  },
  shown: (view) => view.content().toString('utf8'),
};

/** Field → its values, sorted: names in order for a readable diff, values so a repeated field compares as a multiset. */
function fieldsOf(text: string): Fields {
  const fields: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) (fields[name] ??= []).push(value);
  const sorted: Record<string, string[]> = {};
  for (const name of Object.keys(fields).sort()) sorted[name] = (fields[name] ?? []).sort();
  return sorted;
}
