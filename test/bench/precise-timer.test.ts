import { describe, expect, it, onTestFinished } from 'vitest';
import { monotonicMs } from '../../src/bench/clock.js';
import { PreciseTimer } from '../../src/bench/precise-timer.js';

async function timer(onTick: () => void): Promise<PreciseTimer> {
  const t = await PreciseTimer.start(onTick);
  onTestFinished(() => t.close());
  return t;
}

describe('PreciseTimer', () => {
  it('ticks at each due time pushed, never before it', async () => {
    const ticks: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const t = await timer(() => {
      ticks.push(monotonicMs());
      if (ticks.length === 3) done();
    });
    const start = monotonicMs();
    const due = [start + 20, start + 60, start + 100];
    for (const d of due) t.push(d);
    await finished;
    ticks.forEach((at, i) => {
      expect(at).toBeGreaterThanOrEqual(due[i] as number);
      expect(at - (due[i] as number)).toBeLessThan(1_000);
    });
  });

  it('folds due times already past into one tick, and wakes again when fed after running dry', async () => {
    let ticks = 0;
    const t = await timer(() => ticks++);
    // Ten due times, all pushed well before the first is due (due times already past when pushed
    // would race the timer thread, which may wake between two pushes on a busy machine): when it
    // fires, all ten are past and make one tick.
    const due = monotonicMs() + 100;
    for (let i = 0; i < 10; i++) t.push(due);
    await expect.poll(() => ticks).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ticks).toBe(1);
    expect(t.room).toBeGreaterThan(200);
    t.push(monotonicMs() + 10);
    await expect.poll(() => ticks).toBe(2);
  });

  it('does nothing once closed, and leaves no thread behind', async () => {
    let ticks = 0;
    const t = await timer(() => ticks++);
    await t.close();
    t.push(monotonicMs());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ticks).toBe(0);
    expect(process.getActiveResourcesInfo()).not.toContain('MessagePort');
  });
});
