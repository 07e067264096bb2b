import { describe, expect, it } from 'vitest';
import type { LoadRequest } from '../../src/bench/model.js';
import { openLoopSchedule } from '../../src/bench/schedule.js';

const at = (...offsets: number[]): LoadRequest[] => offsets.map((offsetMs) => ({ method: 'GET', path: '/', headers: [], body: undefined, offsetMs }));
const first = (schedule: { offsetMs(k: number): number }, n: number) => Array.from({ length: n }, (_, k) => schedule.offsetMs(k));

describe('openLoopSchedule', () => {
  it('spaces a fixed rate evenly from the window start', () => {
    expect(first(openLoopSchedule({ kind: 'rate', perSecond: 2000 }, at(0), 0), 4)).toEqual([0, 0.5, 1, 1.5]);
  });

  it('keeps recorded gaps ÷ speed and wraps after one mean gap, from any start', () => {
    const requests = at(10, 20, 50, 70);
    // span 60, mean gap 20: one cycle is 80 ms; at speed 2, 40 ms.
    expect(first(openLoopSchedule({ kind: 'recorded', speed: 2 }, requests, 0), 6)).toEqual([0, 5, 20, 30, 40, 45]);
    expect(first(openLoopSchedule({ kind: 'recorded', speed: 1 }, requests, 3), 3)).toEqual([0, 20, 30]);
    // A start past the list (a cursor carried over) is taken modulo its length.
    expect(first(openLoopSchedule({ kind: 'recorded', speed: 1 }, requests, 7), 3)).toEqual([0, 20, 30]);
  });

  it('refuses a pace it cannot keep', () => {
    expect(() => openLoopSchedule({ kind: 'rate', perSecond: 0 }, at(0), 0)).toThrow(expect.objectContaining({ code: 'BENCH_INVALID' }));
    expect(() => openLoopSchedule({ kind: 'recorded', speed: Number.NaN }, at(0, 1), 0)).toThrow(expect.objectContaining({ code: 'BENCH_INVALID' }));
    expect(() => openLoopSchedule({ kind: 'recorded', speed: 1 }, at(5), 0)).toThrow(expect.objectContaining({ code: 'BENCH_INVALID', hint: expect.stringMatching(/--rate/) }));
  });
});
