/**
 * A tiny declarative validator for config documents: every problem is reported with the path of
 * the field at fault (`compare.errorCodes.paths[1]: expected a string, got 42`), all at once.
 */
export type Schema =
  | { readonly kind: 'string'; readonly check?: (value: string) => string | undefined }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly items: Schema }
  | { readonly kind: 'record'; readonly values: Schema }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Schema>>; readonly required?: readonly string[] }
  | { readonly kind: 'nullable'; readonly schema: Schema }
  | { readonly kind: 'oneOf'; readonly discriminator: string; readonly variants: Readonly<Record<string, Schema>> };

export function check(value: unknown, schema: Schema, path: string, problems: string[]): void {
  const fail = (expected: string): void => void problems.push(`${path}: expected ${expected}, got ${describe(value)}`);
  switch (schema.kind) {
    case 'string': {
      if (typeof value !== 'string') return fail('a string');
      const problem = schema.check?.(value);
      if (problem) problems.push(`${path}: ${problem}`);
      return;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.integer && !Number.isInteger(value))) return fail(schema.integer ? 'a whole number' : 'a number');
      if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) return fail(`a number from ${schema.min ?? '-∞'} to ${schema.max ?? '∞'}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value)) fail(`one of ${schema.values.map((v) => JSON.stringify(v)).join(', ')}`);
      return;
    case 'nullable':
      if (value !== null) check(value, schema.schema, path, problems);
      return;
    case 'array':
      if (!Array.isArray(value)) return fail('an array');
      value.forEach((item, i) => check(item, schema.items, `${path}[${i}]`, problems));
      return;
    case 'record':
      if (!isObject(value)) return fail('an object');
      for (const [key, item] of Object.entries(value)) check(item, schema.values, `${path}.${key}`, problems);
      return;
    case 'object':
      if (!isObject(value)) return fail('an object');
      if (schema.required?.some((key) => value[key] === undefined)) problems.push(`${path} needs ${listed(schema.required)}`);
      for (const [key, item] of Object.entries(value)) {
        const field = schema.fields[key];
        if (!field) problems.push(`${path}.${key}: unknown key; expected one of ${Object.keys(schema.fields).join(', ')}`);
        else check(item, field, `${path}.${key}`, problems);
      }
      return;
    case 'oneOf': {
      if (!isObject(value)) return fail('an object');
      const tag = value[schema.discriminator];
      const variant = typeof tag === 'string' ? schema.variants[tag] : undefined;
      if (!variant) return void problems.push(`${path}.${schema.discriminator}: expected one of ${Object.keys(schema.variants).join(', ')}, got ${describe(tag)}`);
      check(value, variant, path, problems);
    }
  }
}

/** `a, b and c` */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
