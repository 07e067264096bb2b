import { describe, expect, test } from 'vitest';
import { buildNormaliser, NORMALISER_SCHEMA, NORMALISERS, type NormaliserSpec } from '../../src/compare/normalise/registry.js';

// Every registered normaliser, each with the example its registry line gives: what a new one must do.
describe.each(Object.keys(NORMALISERS))('normaliser %s', (type) => {
  const spec = NORMALISERS[type as keyof typeof NORMALISERS].example as NormaliserSpec;

  test('its schema accepts its options and refuses a missing path or an unknown option', () => {
    expect(NORMALISER_SCHEMA.safeParse(spec).success).toBe(true);
    const { path: _path, ...withoutPath } = spec;
    expect(NORMALISER_SCHEMA.safeParse(withoutPath).success).toBe(false);
    expect(NORMALISER_SCHEMA.safeParse({ ...spec, extra: 1 }).success).toBe(false);
    expect(NORMALISER_SCHEMA.safeParse({ ...spec, path: 'no-dollar' }).success).toBe(false);
  });

  test('builds a pure transformation that describes itself and leaves its input alone', () => {
    const normaliser = buildNormaliser(spec);
    expect(normaliser.type).toBe(type);
    expect(normaliser.describe()).toContain(spec.path);
    const body = { id: 'x', list: [3, 1, 2], fee: 1.26, name: 'Ada', other: true };
    const before = JSON.stringify(body);
    const once = normaliser.apply(body);
    expect(JSON.stringify(body)).toBe(before);
    expect(JSON.stringify(normaliser.apply(body))).toBe(JSON.stringify(once));
    expect((once as { other: unknown }).other).toBe(true);
  });
});
