import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Importer } from '../../src/import/importer.js';
import { fileWith, readAll } from '../helpers/import.js';

/**
 * What every importer promises, whatever its format: a small fixture becomes exchanges with
 * method, path and status set; empty or garbage input gives no exchange and never a throw; each
 * problem is reported with a reason and a location.
 */
export function importerContract(importer: Importer, fixture: string): void {
  describe(`importer contract: ${importer.format}`, () => {
    test('the fixture becomes exchanges with method, path, time and an answer or an error', async () => {
      const { exchanges } = await readAll(importer, fixture);
      expect(exchanges.length).toBeGreaterThan(0);
      for (const e of exchanges) {
        expect(e.method).toMatch(/^[A-Z]+$/);
        expect(e.path).toMatch(/^\//);
        expect(e.query).not.toMatch(/^\?/);
        expect(Number.isFinite(e.recordedAt)).toBe(true);
        expect(e.requestBody).toBeInstanceOf(Uint8Array);
        if (e.response.kind === 'answer') expect(e.response.status).toBeGreaterThanOrEqual(100);
        else expect(e.response.error).not.toBe('');
        expect(Number.isInteger(e.response.latencyUs)).toBe(true);
      }
      expect(exchanges.some((e) => e.response.kind === 'answer')).toBe(true);
    });

    test('reading twice gives the same records (the iterable opens the file afresh)', async () => {
      const first = await readAll(importer, fixture);
      const second = await readAll(importer, fixture);
      expect(second.records).toEqual(first.records);
    });

    test('every record names where it came from', async () => {
      const { records } = await readAll(importer, fixture);
      for (const r of records) expect(r.location).not.toBe('');
    });

    test('an empty file gives no exchange', async () => {
      const { exchanges } = await readAll(importer, fileWith(''));
      expect(exchanges).toEqual([]);
    });

    test.each([
      ['text', 'this is not traffic\n{"nor": "this"}\n\u0000\u0001\n'],
      ['random bytes', randomBytes(4096)],
      ['half a JSON document', '{"log":{"entries":[{"request":'],
      ['a lone separator line', '\n🐵🙈🙉\n'],
    ])('garbage (%s) gives reasons, no exchange, and no throw', async (_name, content) => {
      const { exchanges, skipped } = await readAll(importer, fileWith(content));
      expect(exchanges).toEqual([]);
      for (const s of skipped) {
        expect(s.reason).toMatch(/\S/);
        expect(s.location).toMatch(/\S/);
      }
    });

    test('text garbage is reported, not silently ignored', async () => {
      const { skipped } = await readAll(importer, fileWith('GET / is not a record\nneither is this\n'));
      expect(skipped.length).toBeGreaterThan(0);
    });
  });
}
