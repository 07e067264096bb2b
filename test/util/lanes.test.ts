import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { drainInLanes } from '../../src/util/lanes.js';

interface Item {
  readonly id: number;
  readonly key: string | undefined;
  readonly ms: number;
}

const items = (count: number, make: (id: number) => Omit<Item, 'id'>): Item[] => Array.from({ length: count }, (_, id) => ({ id, ...make(id) }));

describe('drainInLanes', () => {
  it('lets idle lanes take free items past a slow one, so one slow exchange holds up nothing else', async () => {
    const finished: number[] = [];
    const work = async (item: Item) => {
      await sleep(item.ms);
      finished.push(item.id);
    };
    // Item 0 is slow; the 40 others are quick and free: the second lane must take every one of them.
    await drainInLanes(items(41, (id) => ({ key: undefined, ms: id === 0 ? 300 : 1 }))[Symbol.iterator](), (i) => i.key, 2, work);
    expect(finished).toHaveLength(41);
    expect(finished.at(-1)).toBe(0);
  });

  it('runs items of one key one at a time, in the order they came, among free ones', async () => {
    const running = new Set<string>();
    const seen = new Map<string, number[]>();
    let overlap = false;
    const work = async (item: Item) => {
      if (item.key !== undefined) {
        if (running.has(item.key)) overlap = true;
        running.add(item.key);
      }
      await sleep(item.ms);
      if (item.key !== undefined) {
        running.delete(item.key);
        seen.set(item.key, [...(seen.get(item.key) ?? []), item.id]);
      }
    };
    const all = items(300, (id) => ({ key: id % 3 === 0 ? undefined : `k${id % 5}`, ms: (id * 7) % 4 }));
    await drainInLanes(all[Symbol.iterator](), (i) => i.key, 8, work);
    expect(overlap).toBe(false);
    for (const [key, ids] of seen) expect(ids).toEqual(all.filter((i) => i.key === key).map((i) => i.id));
    expect([...seen.values()].flat()).toHaveLength(all.filter((i) => i.key !== undefined).length);
  });

  it('pulls free items only a few per lane ahead of the work, so a long capture is never held in memory', async () => {
    let pulled = 0;
    let done = 0;
    let mostAhead = 0;
    function* source(): Generator<Item> {
      for (let id = 0; id < 2_000; id++) {
        pulled++;
        mostAhead = Math.max(mostAhead, pulled - done);
        yield { id, key: undefined, ms: 0 };
      }
    }
    const concurrency = 4;
    await drainInLanes(source(), (i) => i.key, concurrency, async () => {
      await Promise.resolve();
      done++;
    });
    expect(done).toBe(2_000);
    // In flight (one per lane), queued (two per lane), and the one being pushed.
    expect(mostAhead).toBeLessThanOrEqual(concurrency * 3 + 1);
  });

  it('rethrows the first failure and stops pulling', async () => {
    let pulled = 0;
    function* source(): Generator<Item> {
      for (let id = 0; id < 10_000; id++) {
        pulled++;
        yield { id, key: undefined, ms: 0 };
      }
    }
    await expect(
      drainInLanes(source(), (i) => i.key, 4, async (item) => {
        await Promise.resolve();
        if (item.id === 50) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(pulled).toBeLessThan(100);
  });
});
