import { parseJsonPath, type JsonPath } from '../util/json-path.js';
import type { NormaliserSpec } from './normalise/registry.js';

/** How answers are compared, as the config file writes it (every field optional). */
export interface CompareOptions {
  /** JSON path of the business decision; `null` when the service has none. */
  readonly decision?: string | null;
  readonly errorCodes?: {
    /** Where the codes are; several paths are merged. */
    readonly paths?: readonly string[];
    /** Compare as an ordered list instead of a set. */
    readonly ordered?: boolean;
    /** A single primary code (e.g. the reason shown to the customer), compared on its own. */
    readonly primary?: string | null;
    /** Legacy code → candidate code that means the same, for rewrites that rename codes on purpose. */
    readonly crosswalk?: Readonly<Record<string, string>>;
  };
  readonly ignore?: { readonly headers?: readonly string[]; readonly body?: readonly string[] };
  /** Response headers compared as part of the body check (after ignore). Default none. */
  readonly headers?: readonly string[];
  readonly normalise?: readonly NormaliserSpec[];
  /** Decision values that mean "approved": a candidate approving what legacy refused is critical. */
  readonly approveValues?: readonly string[];
  /** With a secondary: a path noisy on at least this share of an endpoint's exchanges is excluded. */
  readonly noiseThreshold?: number;
}

export interface ResolvedCompare {
  readonly decision: JsonPath | null;
  readonly codePaths: readonly JsonPath[];
  readonly orderedCodes: boolean;
  readonly primaryCode: JsonPath | null;
  readonly crosswalk: ReadonlyMap<string, string>;
  readonly ignoreHeaders: ReadonlySet<string>;
  readonly ignorePaths: readonly JsonPath[];
  readonly headers: readonly string[];
  readonly normalise: readonly NormaliserSpec[];
  readonly noiseThreshold: number;
  readonly approvals: ReadonlySet<string>;
}

/** Defaults fit the reference validator; any JSON service is compared by overriding them. */
export function resolveCompare(options: CompareOptions = {}): ResolvedCompare {
  const codes = options.errorCodes ?? {};
  const decision = options.decision === undefined ? '$.decision' : options.decision;
  const primary = codes.primary === undefined ? '$.reason_code' : codes.primary;
  return {
    decision: decision === null ? null : parseJsonPath(decision),
    codePaths: (codes.paths ?? ['$.errors[*].code']).map(parseJsonPath),
    orderedCodes: codes.ordered ?? false,
    primaryCode: primary === null ? null : parseJsonPath(primary),
    crosswalk: new Map(Object.entries(codes.crosswalk ?? {})),
    ignoreHeaders: new Set((options.ignore?.headers ?? []).map((h) => h.toLowerCase())),
    ignorePaths: (options.ignore?.body ?? []).map(parseJsonPath),
    headers: (options.headers ?? []).map((h) => h.toLowerCase()),
    normalise: options.normalise ?? [],
    noiseThreshold: options.noiseThreshold ?? 0.05,
    approvals: new Set(options.approveValues ?? ['approve']),
  };
}
