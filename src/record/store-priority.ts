import { setThreadNiceness } from '../util/thread-priority.js';

/** The store worker's niceness while it keeps up: under contention the proxy's thread wins the cores. */
const BACKGROUND_NICENESS = 10;
const NORMAL_NICENESS = 0;
/** The oldest uncommitted exchange this old means the worker is starving: it gets a normal priority back. */
const RAISE_AT_LAG_MS = 200;
/** Back to the background only after this long without starving, so a busy stretch is not a see-saw. */
const LOWER_AFTER_CALM_MS = 5_000;

/**
 * Keeps the store worker at a low priority only while it keeps up. At nice 10 beside CPU-bound
 * neighbours it gets a few percent of a core and falls seconds behind, and what it has not
 * committed is lost on kill -9. The kernel lets a process lower a thread's priority but raise it
 * only with CAP_SYS_NICE or a RLIMIT_NICE allowance, so the worker is lowered only where raising
 * it back is allowed; elsewhere it stays at a normal priority.
 */
export class StorePriority {
  readonly #tid: number | undefined;
  #lowered = false;
  #lastStarvedAt = 0;

  constructor(workerTid: number | undefined) {
    // Probing costs nothing: a niceness below normal is allowed exactly where raising back is.
    const canRaise = workerTid !== undefined && setThreadNiceness(workerTid, NORMAL_NICENESS - 1);
    this.#tid = canRaise ? workerTid : undefined;
    if (this.#tid === undefined) return;
    this.#lowered = setThreadNiceness(this.#tid, BACKGROUND_NICENESS);
    if (!this.#lowered) setThreadNiceness(this.#tid, NORMAL_NICENESS);
  }

  /** Called every batch interval with the age of the oldest exchange not yet committed (0 if none). */
  update(lagMs: number, now: number): void {
    if (this.#tid === undefined) return;
    if (lagMs >= RAISE_AT_LAG_MS) {
      this.#lastStarvedAt = now;
      if (this.#lowered && setThreadNiceness(this.#tid, NORMAL_NICENESS)) this.#lowered = false;
    } else if (!this.#lowered && now - this.#lastStarvedAt >= LOWER_AFTER_CALM_MS) {
      this.#lowered = setThreadNiceness(this.#tid, BACKGROUND_NICENESS);
    }
  }
}
