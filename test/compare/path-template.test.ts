import { describe, expect, test } from 'vitest';
import { templateLocation } from '../../src/compare/path-template.js';

describe('paths are templated so one cause is one group', () => {
  test('indices written inside query keys collapse into one template', () => {
    const paths = ['a[25]', 'a[3]', 'a[0]'].map((k) => templateLocation(['query', k]));
    expect(new Set(paths)).toEqual(new Set(["$.query['a[*]']"]));
  });

  test('array indices and numeric keys are generalised, named fields are not', () => {
    expect(templateLocation(['items', 3, 'id'])).toBe('$.items[*].id');
    expect(templateLocation(['byId', '1042', 'name'])).toBe('$.byId.*.name');
    expect(templateLocation(['v2', 'line1', 'a[b]'])).toBe("$.v2.line1['a[b]']");
  });
});
