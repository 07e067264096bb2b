import type { z } from 'zod';
import type { ReportV1 } from '../report/model.js';
import type { AllowListFindings, PolicyResult } from './outcome.js';

/** The limit a policy holds a report to: one config key, one flag, one default, declared by the policy. */
export interface LimitSpec<Key extends string = string> {
  /** The config `gate` key; the flag is the policy's name (`--max-transport`). */
  readonly key: Key;
  readonly schema: z.ZodNumber;
  readonly default: number;
  /** How the flag's value is read. */
  readonly unit: 'count' | 'percent' | 'ratio';
  /** What the limit counts, for --help and the README. */
  readonly describe: string;
}

/** What a policy sees: the report, what the allow-list accepted in it, and its own limit. */
export interface PolicyInput {
  readonly report: ReportV1;
  readonly allowList: AllowListFindings;
  /** The policy's limit (flags > config > its default); 0 for a policy without one. */
  readonly limit: number;
}

/** One rule a report must pass. Adding a policy is a file in policies/ and a line in policies/index.ts. */
export interface Policy<Key extends string = string> {
  /** Stable: the flag (`--max-decision-mismatches`) and the JUnit test case name. */
  readonly name: string;
  readonly limit?: LimitSpec<Key>;
  evaluate(input: PolicyInput): PolicyResult;
}
