import { parseJsonPath, type JsonPath } from '../util/json-path.js';
import { z } from 'zod';
import { boundedNumber, jsonPathString } from '../util/schema.js';
import { DEFAULT_COMPARED_HEADERS } from './headers.js';
import { NORMALISER_SCHEMA, type NormaliserSpec } from './normalise/registry.js';

/** How answers are compared, as the config file's `compare` key writes it (every field optional). */
export const COMPARE_SCHEMA = z
  .object({
    /** JSON path of the business decision; `null` when the service has none. */
    decision: jsonPathString.nullable().optional(),
    errorCodes: z
      .object({
        /** Where the codes are; several paths are merged. */
        paths: z.array(jsonPathString).optional(),
        /** Compare as an ordered list instead of a set. */
        ordered: z.boolean().optional(),
        /** A single primary code (e.g. the reason shown to the customer), compared on its own. */
        primary: jsonPathString.nullable().optional(),
        /** Legacy code → candidate code that means the same, for rewrites that rename codes on purpose. */
        crosswalk: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    ignore: z.object({ headers: z.array(z.string()).optional(), body: z.array(jsonPathString).optional() }).strict().optional(),
    /**
     * Response headers compared beside the body (after ignore), added to content-type and
     * location, which are always compared; set-cookie compares cookie names only.
     */
    headers: z.array(z.string()).optional(),
    normalise: z.array(NORMALISER_SCHEMA).optional(),
    /** Decision values that mean "approved": a candidate approving what legacy refused is critical. */
    approveValues: z.array(z.string()).optional(),
    /**
     * Decision values from most permissive to strictest (e.g. ALLOW, HOLD, BLOCK): a change towards
     * the first is a loosening (critical when it reaches the first, else high), away from it a
     * tightening (medium). Takes precedence over approveValues for the values it lists.
     */
    decisionOrder: z.array(z.string()).min(2).optional(),
    /** With a secondary: a path noisy on at least this share of an endpoint's exchanges is excluded. */
    noiseThreshold: boundedNumber(0, 1).optional(),
  })
  .strict();

export type CompareOptions = Readonly<z.infer<typeof COMPARE_SCHEMA>>;

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
  /** Most permissive first; empty when not configured. */
  readonly decisionOrder: readonly string[];
}

/** What judges how grave a decision change is. */
export type DecisionPolicy = Pick<ResolvedCompare, 'approvals' | 'decisionOrder'>;

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
    headers: [...new Set([...DEFAULT_COMPARED_HEADERS, ...(options.headers ?? []).map((h) => h.toLowerCase())])],
    normalise: options.normalise ?? [],
    noiseThreshold: options.noiseThreshold ?? 0.05,
    approvals: new Set(options.approveValues ?? ['approve']),
    decisionOrder: options.decisionOrder ?? [],
  };
}
