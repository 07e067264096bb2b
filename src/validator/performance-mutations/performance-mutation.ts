/**
 * A rewrite that answers byte for byte like the reference but costs more to serve: time, CPU or
 * memory. Kept apart from the behaviour mutations: a replay cannot see it, a bench must.
 */
export interface PerformanceMutation {
  readonly name: string;
  readonly description: string;
  /** A fresh cost for one validator: what it counts or keeps lives as long as the validator. */
  serving(): ServingCost;
}

export interface ServingCost {
  /**
   * Called as each validation request arrives, before it is handled; returns how many
   * milliseconds its answer is held back once ready (0: sent at once). Holding the answer, not
   * the handling, keeps the order the validator sees requests in, and so its answers.
   */
  onRequest(): number;
}
