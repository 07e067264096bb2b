/** The gate's policies' limits: config `gate` keys, `parity gate` flags. */
export interface GateLimits {
  /** Exchanges whose decision differs, outside the allow-list. */
  readonly maxDecisionMismatches: number;
  /** Exchanges with the same decision but other error codes, outside the allow-list. */
  readonly maxErrorCodeMismatches: number;
  /** Parity % with allowed groups counted as matches. */
  readonly minParity: number;
  /** Candidate p99 / legacy p99. */
  readonly maxP99Ratio: number;
  /** Exchanges a side did not answer, outside the allow-list. */
  readonly maxTransport: number;
  /** False approvals (legacy declined or reviewed, candidate approved), allow-list or not. */
  readonly maxCritical: number;
}

/** Strict by default: a rewrite of a payment service has to match decision for decision. */
export const DEFAULT_LIMITS: GateLimits = {
  maxDecisionMismatches: 0,
  maxErrorCodeMismatches: 0,
  minParity: 100,
  maxP99Ratio: 1.1,
  maxTransport: 0,
  maxCritical: 0,
};
