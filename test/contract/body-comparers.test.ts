import { describe, expect, test } from 'vitest';
import { BODY_COMPARERS, bodyComparerFor } from '../../src/compare/bodies/registry.js';
import { SideView } from '../../src/compare/side.js';

const view = (mediaType: string, body: string) =>
  new SideView({ kind: 'answer', status: 200, headers: [['content-type', `${mediaType}; charset=utf-8`]], body: Buffer.from(body, 'latin1'), truncated: false, latencyUs: 1 });
const same = (json: unknown) => json;

// Every registered kind of body, on the example its registry line gives: what a new one must do.
describe.each(BODY_COMPARERS.map((entry) => [entry.comparer.kind, entry] as const))('body comparer %s', (_kind, { comparer, example }) => {
  test('its example media type selects it, whatever the parameters', () => {
    expect(comparer.accepts(example.mediaType)).toBe(true);
    expect(bodyComparerFor(view(example.mediaType, example.body))).toBe(comparer);
  });

  test('the same body is no difference; a changed one is, as paths that repeat for the same change', () => {
    const legacy = comparer.comparable(view(example.mediaType, example.body), same);
    expect(comparer.differences(legacy, comparer.comparable(view(example.mediaType, example.body), same), 32)).toEqual([]);
    const paths = comparer.differences(legacy, comparer.comparable(view(example.mediaType, example.changed), same), 32);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(/\S/);
    expect(comparer.differences(legacy, comparer.comparable(view(example.mediaType, example.changed), same), 32)).toEqual(paths);
  });

  test('it shows a body as text a report can quote, never control bytes', () => {
    const shown = comparer.shown(view(example.mediaType, example.changed));
    expect(shown).not.toMatch(/[\x00-\x08\x0e-\x1f\ufffd]/);
    expect(comparer.summary.length).toBeGreaterThan(0);
  });
});

test('the last comparer takes every media type: no body goes uncompared', () => {
  expect(BODY_COMPARERS.at(-1)?.comparer.accepts('application/vnd.unheard-of')).toBe(true);
});
