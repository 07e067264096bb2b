import type { z } from 'zod';
import type { BenchReportV1, PerformanceSection } from '../bench/model.js';
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

/** What the gate reads: a replay report (correctness, maybe with a performance section) or a bench report. */
export type GateReport = ReportV1 | BenchReportV1;

/** What a correctness policy sees: the replay report, what the allow-list accepted in it, and its own limit. */
export interface PolicyInput {
  readonly report: ReportV1;
  readonly allowList: AllowListFindings;
  /** The policy's limit (flags > config > its default); 0 for a policy without one. */
  readonly limit: number;
}

/** What a performance policy sees: the section `parity bench` measured, and its own limit. */
export interface PerformancePolicyInput {
  readonly performance: PerformanceSection;
  readonly limit: number;
}

interface PolicyBase<Key extends string> {
  /** Stable: the flag (`--max-decision-mismatches`) and the JUnit test case name. */
  readonly name: string;
  readonly limit?: LimitSpec<Key>;
}

/** A rule on the correctness a replay measured: skipped for a bench report. */
export interface CorrectnessPolicy<Key extends string = string> extends PolicyBase<Key> {
  readonly reads: 'replay';
  evaluate(input: PolicyInput): PolicyResult;
}

/** A rule on the performance a bench measured: "not measured" (passing) where there is none. */
export interface PerformancePolicy<Key extends string = string> extends PolicyBase<Key> {
  readonly reads: 'performance';
  evaluate(input: PerformancePolicyInput): PolicyResult;
}

/** One rule a report must pass. Adding a policy is a file in policies/ and a line in policies/index.ts. */
export type Policy<Key extends string = string> = CorrectnessPolicy<Key> | PerformancePolicy<Key>;
