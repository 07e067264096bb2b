import type { Random } from '../util/random.js';

/** Mean time between two customer arrivals: 10,000 requests cover about four and a half days. */
export const MEAN_ARRIVAL_GAP_MS = 45_000;

/**
 * The clock of fresh arrivals: a Poisson process (exponential gaps) starting at `start`. It only
 * moves forward, so every generated timestamp is at or after the ones before it.
 */
export class ArrivalClock {
  readonly #random: Random;
  readonly #meanGapMs: number;
  #next: number;

  constructor(start: number, random: Random, meanGapMs = MEAN_ARRIVAL_GAP_MS) {
    this.#random = random;
    this.#meanGapMs = meanGapMs;
    this.#next = start;
  }

  /** When the next customer arrives. */
  get next(): number {
    return this.#next;
  }

  /** Moves to the next arrival and returns its time. */
  arrive(): number {
    const now = this.#next;
    this.#next = now + Math.round(-Math.log(1 - this.#random.next()) * this.#meanGapMs);
    return now;
  }
}
