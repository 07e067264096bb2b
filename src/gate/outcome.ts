/** What `parity gate` decided about a report; renderers show it beside the report. */
export interface GateOutcome {
  readonly passed: boolean;
  /** Every policy evaluated, in a fixed order, passed or not. */
  readonly policies: readonly PolicyResult[];
  readonly allowList: AllowListFindings;
}

export interface PolicyResult {
  /** Stable name, e.g. `max-decision-mismatches`: the CLI flag and the JUnit test case. */
  readonly name: string;
  readonly passed: boolean;
  /** What the report shows (after the allow-list where the policy honours it) and the limit. */
  readonly actual: number | null;
  readonly limit: number;
  /** One line a person reads: what was measured against what, and by how much it failed. */
  readonly detail: string;
}

export interface AllowListEntry {
  /**
   * A group signature as the report writes it. Signatures contain `*` themselves
   * (`$.errors[*].code`), so matching is exact, or by prefix with `match: "prefix"`.
   */
  readonly signature: string;
  readonly match?: 'exact' | 'prefix';
  readonly owner: string;
  readonly reason: string;
  /** YYYY-MM-DD: the entry stops allowing at the end of that day (UTC). */
  readonly expires: string;
}

export interface AllowListFindings {
  /** Groups an active entry allowed: not counted by the mismatch policies. */
  readonly allowed: readonly { readonly signature: string; readonly count: number; readonly entry: AllowListEntry }[];
  /** Entries past their expiry: they allow nothing and fail the gate. */
  readonly expired: readonly AllowListEntry[];
  /** Active entries that allowed no group of the report (none matched, or earlier entries took them): to be removed. */
  readonly stale: readonly AllowListEntry[];
}

/** Exchanges in the groups the allow-list allowed. */
export function allowedExchanges(findings: AllowListFindings): number {
  return findings.allowed.reduce((sum, a) => sum + a.count, 0);
}
