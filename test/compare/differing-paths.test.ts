import { describe, expect, test } from 'vitest';
import { differingPaths } from '../../src/compare/differing-paths.js';

describe('differingPaths', () => {
  test('items of lists of one length and the same records are compared field by field', () => {
    const legacy = { books: [{ id: 1, title: 'a' }, { id: 2, title: 'b' }] };
    expect(differingPaths(legacy, { books: [{ id: 1, title: 'a' }, { id: 2, title: 'B' }] })).toEqual([['books', 1, 'title']]);
    expect(differingPaths([1, 2, 3], [1, 5, 3])).toEqual([[1]]);
  });

  test('a list that gained or lost items differs as a list, not in the fields of the shifted items', () => {
    const legacy = { total: 2, books: [{ id: 1, title: 'a' }, { id: 3, title: 'c' }] };
    const candidate = { total: 3, books: [{ id: 1, title: 'a' }, { id: 2, title: 'b' }, { id: 3, title: 'c' }] };
    expect(differingPaths(legacy, candidate)).toEqual([['total'], ['books']]);
  });

  test('a list holding other records (ids differ at a position) differs as a list', () => {
    const page = (...ids: number[]) => ({ books: ids.map((id) => ({ id, title: `t${id}`, borrowedFor: null })) });
    expect(differingPaths(page(1, 2, 3), page(1, 3, 4))).toEqual([['books']]);
    expect(differingPaths({ rows: [{ _id: 'x', n: 1 }] }, { rows: [{ _id: 'y', n: 1 }] })).toEqual([['rows']]);
  });
});
