import type { PerformanceSection } from '../bench/model.js';
import type { SerialisedHistogram } from '../util/histogram.js';

/** Most severe first: the first that applies is an exchange's category. */
export const CATEGORIES = ['transport', 'decision', 'error_codes', 'status', 'body', 'match'] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Most severe first: groups and decision cells sort by this. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** One exchange of a group, as the report shows it: the request, both answers (redacted) and the diff. */
export interface Example {
  readonly seq: number;
  readonly request: { readonly method: string; readonly path: string; readonly query: string; readonly body: string };
  readonly legacy: { readonly status: number | null; readonly body: string; readonly error?: string };
  readonly candidate: { readonly status: number | null; readonly body: string; readonly error?: string };
  readonly diff: string;
}

/** A group as the aggregator builds it: counted, with its first examples. */
export interface Group {
  readonly signature: string;
  readonly category: Exclude<Category, 'match'>;
  readonly severity: Severity;
  readonly endpoint: string;
  readonly legacyDecision: string | null;
  readonly candidateDecision: string | null;
  readonly codesAdded: readonly string[];
  readonly codesRemoved: readonly string[];
  readonly bodyPaths: readonly string[];
  /** Status groups: the two statuses the group is about. Absent in older reports. */
  readonly statuses?: { readonly legacy: number | null; readonly candidate: number | null };
  /**
   * Body groups: per path, the legacy value → candidate value transitions seen, with counts; `changes`
   * is null when the path took too many distinct transitions (or values too long) to list.
   */
  readonly transitions?: PathTransitions[];
  /** Decision, code and status groups: other fields that changed with them, most often first (bounded). */
  readonly alsoChanged?: { readonly path: string; count: number }[];
  count: number;
  readonly examples: Example[];
}

/** What one path's value became, counted per (legacy value → candidate value). */
export interface PathTransitions {
  readonly path: string;
  changes: { readonly from: string; readonly to: string; count: number }[] | null;
}

/** Matched / total × 100, two decimals, rounded down (99.999% is not 100%); 100 for nothing compared. */
export function parityPercent(matched: number, total: number): number {
  // Multiply first: (57 / 100) * 10,000 is 5,699.999… in floating point.
  return total === 0 ? 100 : Math.floor((matched * 10_000) / total) / 100;
}

/** Readers refuse a newer version; bump it when a field changes meaning or disappears. */
export const REPORT_VERSION = 1;

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
}

/** The report JSON: the source of truth every rendering and the gate read. Latencies are in µs. */
export interface ReportV1 {
  readonly reportVersion: typeof REPORT_VERSION;
  readonly tool: { readonly name: 'parity'; readonly version: string };
  readonly run: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly interrupted: boolean;
    readonly capture: {
      readonly path: string;
      /** Of the bytes replayed: the file, or for a capture being written the snapshot read (see `beingWritten`). */
      readonly sha256: string;
      /**
       * A recorder was still writing the capture (its WAL held rows) when the replay began: the
       * replay read a snapshot of what was committed then, later exchanges were not replayed, and
       * `sha256` is the snapshot's, not the file's. Absent in reports of older Parity versions.
       */
      readonly beingWritten?: boolean;
    };
    /** The --config file the run used, by content; null without one. */
    readonly config: { readonly path: string; readonly sha256: string } | null;
    readonly legacy: string;
    readonly candidate: string;
    readonly secondary: string | null;
    readonly order: string;
    readonly partitionKey: string | null;
    /**
     * With order `key`: of the first exchanges (up to 1,000, read before the run, whatever the
     * shard), how many held the partition key. Absent for other orders and in older reports.
     */
    readonly partitionKeyCoverage?: { readonly sampled: number; readonly withKey: number; readonly share: number };
    readonly concurrency: number;
    readonly shard: { readonly index: number; readonly count: number } | null;
    /** For a report merged from shards (`parity report merge`): how many; null for one run. */
    readonly mergedShards: number | null;
    /**
     * Set when the replay stopped itself because a live side failed this many requests in a row
     * (replay.maxConsecutiveFailures); `interrupted` is then true as well. Absent otherwise.
     */
    readonly unreachable?: { readonly side: 'legacy' | 'candidate' | 'secondary'; readonly url: string; readonly consecutiveFailures: number; readonly lastError: string };
  };
  readonly totals: {
    readonly exchanges: number;
    readonly compared: number;
    readonly matched: number;
    readonly mismatched: number;
    /** Matched / compared × 100, two decimals; 100 for an empty run. */
    readonly parityPercent: number;
    /** Exchanges not replayed, by reason (e.g. a request body truncated at record time). */
    readonly skipped: Readonly<Record<string, number>>;
    /**
     * Exchanges whose credentials were sealed at record time and sent again (`restored`), and
     * exchanges sent without some credential (`missing`: removed at record time, or sealed and
     * replayed without PARITY_SEAL_KEY); such an exchange may fail where it once succeeded.
     */
    readonly credentials: { readonly restored: number; readonly missing: number };
  };
  readonly categories: Readonly<Record<Category, number>>;
  readonly endpoints: readonly { readonly endpoint: string; readonly total: number; readonly matched: number; readonly parityPercent: number }[];
  /** Legacy decision × candidate decision, every cell with a count. */
  readonly decisions: readonly { readonly legacy: string; readonly candidate: string; readonly count: number; readonly severity: Severity | null }[];
  readonly groups: readonly ReportGroup[];
  /** Groups beyond the cap: their exchanges are counted in the categories, not grouped. */
  readonly ungroupedMismatches: number;
  /** Paths that differed between legacy and secondary (with --secondary): candidates for ignore rules. */
  readonly noise: readonly {
    readonly endpoint: string;
    readonly path: string;
    /** Exchanges on which the path differed between legacy and secondary. */
    readonly exchanges: number;
    /** Exchanges of the endpoint compared with a secondary: `share` = exchanges / sampled. */
    readonly sampled: number;
    readonly share: number;
    /** Noisy on at least the noise threshold's share: ignored for the endpoint. */
    readonly excluded: boolean;
  }[];
  /** Body groups whose every differing path was excluded as noise: counted as matches, kept for review. */
  readonly noiseGroups: readonly ReportGroup[];
  readonly latency: {
    readonly legacy: LatencySummary;
    readonly candidate: LatencySummary;
    /** Candidate / legacy at p50 and p99; null when either side has no latency. */
    readonly ratio: { readonly p50: number | null; readonly p99: number | null };
    /** Exchanges per second over the run's wall time. */
    readonly throughput: number;
    readonly histograms: { readonly legacy: SerialisedHistogram; readonly candidate: SerialisedHistogram };
    /** With `--legacy recorded` the legacy latencies are those measured at record time. */
    readonly legacySource: 'live' | 'recorded';
  };
  readonly settings: Readonly<Record<string, unknown>>;
  /**
   * A bench of the same two services, when one was attached: the latency verdict. `latency` above
   * is what the correctness replay measured, its own queueing included. Absent otherwise.
   */
  readonly performance?: PerformanceSection;
}

export type ReportGroup = Omit<Group, 'count' | 'examples'> & { readonly count: number; readonly examples: readonly Example[] };
