import { ParityError } from '../core/errors.js';
import type { Reply } from '../core/exchange.js';

/** A down side fails every request: 50 in a row is no blip, and costs at most two rounds of timeouts at the default concurrency. */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 50;

export type LiveSide = 'legacy' | 'candidate' | 'secondary';

/** Why a replay stopped itself: one live side failed this many requests in a row. */
export interface Unreachable {
  readonly side: LiveSide;
  readonly url: string;
  readonly consecutiveFailures: number;
  readonly lastError: string;
}

/**
 * Counts each live side's transport failures in a row (no answer: refused, reset, timed out); an
 * answer of any status ends the run of failures. At `limit` in a row it calls `onStop` once: a
 * side that is down would otherwise cost every remaining exchange its full timeout. 0 never stops.
 */
export class FailureStreaks {
  readonly #limit: number;
  readonly #onStop: (unreachable: Unreachable) => void;
  readonly #streaks = new Map<LiveSide, number>();
  #stopped: Unreachable | undefined;

  constructor(limit: number, onStop: (unreachable: Unreachable) => void) {
    this.#limit = limit;
    this.#onStop = onStop;
  }

  /** The side that stopped the run, if one did. */
  get stopped(): Unreachable | undefined {
    return this.#stopped;
  }

  observe(side: LiveSide, url: string, reply: Reply): void {
    if (reply.kind === 'answer') {
      this.#streaks.set(side, 0);
      return;
    }
    const streak = (this.#streaks.get(side) ?? 0) + 1;
    this.#streaks.set(side, streak);
    if (this.#limit > 0 && streak >= this.#limit && !this.#stopped) {
      this.#stopped = { side, url, consecutiveFailures: streak, lastError: reply.error };
      this.#onStop(this.#stopped);
    }
  }
}

/** SIDE_UNREACHABLE for a run a side stopped; `reportPath` is where its partial report was written. */
export function unreachableError(unreachable: Unreachable, compared: number, reportPath: string): ParityError {
  return new ParityError(
    'SIDE_UNREACHABLE',
    `replay stopped early: the ${unreachable.side} ${unreachable.url} failed ${unreachable.consecutiveFailures} requests in a row (last: ${unreachable.lastError}); ${reportPath} covers the ${compared} exchanges replayed so far`,
    { hint: `is the ${unreachable.side} up at that URL? --max-consecutive-failures (replay.maxConsecutiveFailures) sets how many failures in a row stop a replay; 0 never stops` },
  );
}
