import { z } from 'zod';
import { boundedNumber } from '../util/schema.js';

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

const count = boundedNumber(0, undefined, { integer: true });

/** The config file's `gate` key: any limit, and the allow-list file. */
export const GATE_CONFIG_SCHEMA = z
  .object({
    maxDecisionMismatches: count.optional(),
    maxErrorCodeMismatches: count.optional(),
    minParity: boundedNumber(0, 100).optional(),
    maxP99Ratio: boundedNumber(0.001).optional(),
    maxTransport: count.optional(),
    maxCritical: count.optional(),
    /** The allow-list file, relative to the working directory. */
    allow: z.string().optional(),
  })
  .strict() satisfies z.ZodType<Partial<GateLimits> & { allow?: string }>;
