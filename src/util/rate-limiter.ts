interface Waiter {
  readonly timer: NodeJS.Timeout;
  readonly resolve: () => void;
}

/** Spaces requests evenly at `perSecond`: each `take` waits for the next free slot (no bursts after idling). */
export class RateLimiter {
  readonly #intervalMs: number;
  readonly #waiting = new Set<Waiter>();
  #nextSlot = 0;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`rate must be > 0, got ${perSecond}`);
    this.#intervalMs = 1000 / perSecond;
  }

  /** Resolves at this caller's slot, or at `release`. */
  take(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + this.#intervalMs;
    if (slot <= now) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#waiting.delete(waiter);
          resolve();
        }, slot - now),
      };
      this.#waiting.add(waiter);
    });
  }

  /** Wakes every waiting caller now (when sending stops). */
  release(): void {
    for (const waiter of this.#waiting) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.#waiting.clear();
  }
}
