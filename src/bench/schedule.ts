import { ParityError } from '../core/errors.js';
import type { LoadRequest, Pace } from './model.js';

// The bench reads its requests and their schedule from one place.

/** When each send of a window is intended, fixed before the window starts (open loop). */
export interface Schedule {
  /** Milliseconds after the window's start at which its `k`-th send (from 0) is due. */
  offsetMs(k: number): number;
}

export type OpenLoopPace = Extract<Pace, { kind: 'rate' | 'recorded' }>;

/**
 * The open-loop schedule of a window starting at `requests[start]`. `rate`: evenly spaced.
 * `recorded`: the capture's own gaps ÷ speed; past the last request the list starts again after
 * one mean gap, so a window longer than the capture keeps its pace.
 */
export function openLoopSchedule(pace: OpenLoopPace, requests: readonly LoadRequest[], start: number): Schedule {
  if (pace.kind === 'rate') {
    if (!(Number.isFinite(pace.perSecond) && pace.perSecond > 0)) throw invalid(`rate must be a positive number of requests per second, not ${pace.perSecond}`);
    const gapMs = 1000 / pace.perSecond;
    return { offsetMs: (k) => k * gapMs };
  }
  if (!(Number.isFinite(pace.speed) && pace.speed > 0)) throw invalid(`speed must be a positive factor (2 = twice as fast), not ${pace.speed}`);
  const n = requests.length;
  const first = requests[0]?.offsetMs ?? 0;
  const relative = Float64Array.from(requests, (r) => r.offsetMs - first);
  const span = relative[n - 1] ?? 0;
  if (!(span > 0)) {
    throw new ParityError('BENCH_INVALID', `the recorded pace needs requests recorded at different times; these ${n} span 0 ms`, {
      hint: 'Pass a fixed rate (--rate N) instead of --speed.',
    });
  }
  const cycleMs = span + span / (n - 1);
  const startIndex = ((start % n) + n) % n;
  const at = (j: number) => (Math.floor(j / n) * cycleMs + (relative[j % n] as number)) / pace.speed;
  const base = at(startIndex);
  return { offsetMs: (k) => at(startIndex + k) - base };
}

function invalid(message: string): ParityError {
  return new ParityError('BENCH_INVALID', message);
}
