import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { startValidator } from '../helpers/validator-server.js';

test('the README example payment is approved', async () => {
  const { url } = await startValidator();
  const body = await readFile(new URL('../fixtures/validator/payments/approve.json', import.meta.url), 'utf8');
  const res = await fetch(`${url}/v1/payments/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { decision: string; errors: unknown[] };
  expect(answer.decision).toBe('approve');
  expect(answer.errors).toEqual([]);
});
