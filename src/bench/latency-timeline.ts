import { Histogram } from '../util/histogram.js';
import type { TimelinePoint } from './model.js';

/** Latencies by the second of the window they completed in, for the latency-over-time chart. */
export class LatencyTimeline {
  readonly #seconds: Histogram[] = [];

  /** `second` is clamped to the window: answers that arrive while it drains belong to its last second. */
  record(second: number, latencyUs: number, lastSecond: number): void {
    const s = Math.min(Math.max(second, 0), lastSecond);
    let histogram = this.#seconds[s];
    if (histogram === undefined) {
      histogram = new Histogram();
      this.#seconds[s] = histogram;
    }
    histogram.record(latencyUs);
  }

  /** One point per second from 0 to `lastSecond`, seconds without answers included (as zeros). */
  points(lastSecond: number): TimelinePoint[] {
    const points: TimelinePoint[] = [];
    for (let second = 0; second <= lastSecond; second++) {
      const h = this.#seconds[second];
      points.push(
        h === undefined
          ? { second, completed: 0, p50: 0, p99: 0, max: 0 }
          : { second, completed: h.count, p50: Math.round(h.percentile(50)), p99: Math.round(h.percentile(99)), max: Math.round(h.max) },
      );
    }
    return points;
  }
}
