import { expect, test } from 'vitest';
import type { GeneratedRequest } from '../../src/traffic/generate.js';
import { PendingRequests } from '../../src/traffic/pending-requests.js';
import { Random } from '../../src/util/random.js';

const request = (body: string): GeneratedRequest => ({ method: 'POST', path: '/', headers: [], body, account: 'A' });

test('pops requests by due time, and in planning order when due at the same time', () => {
  const random = new Random(3);
  const pending = new PendingRequests();
  const planned = Array.from({ length: 500 }, (_, i) => ({ at: random.int(0, 40), request: request(String(i)) }));
  for (const p of planned) pending.push(p);
  expect(pending.size).toBe(500);
  const popped: string[] = [];
  while (pending.peek()) popped.push(pending.pop()!.request.body);
  const expected = planned.map((p, i) => ({ ...p, i })).sort((a, b) => a.at - b.at || a.i - b.i).map((p) => p.request.body);
  expect(popped).toEqual(expected);
  expect(pending.pop()).toBeUndefined();
});
