/**
 * Milliseconds on the process-wide monotonic clock (CLOCK_MONOTONIC through libuv), with
 * sub-microsecond resolution. Every thread of the process reads the same clock, which lets the
 * timer thread and the engine agree on when a send is due.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
