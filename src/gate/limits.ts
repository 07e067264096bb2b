import { z } from 'zod';
import type { LimitSpec } from './policy.js';
import { POLICIES } from './policies/index.js';

type Declared = NonNullable<(typeof POLICIES)[number]['limit']>;

/** The gate's policies' limits (config `gate` keys, `parity gate` flags), as the policies declare them. */
export type GateLimits = { readonly [K in Declared['key']]: number };

/** The limits the policies declare, in their order. */
export const LIMITS: readonly LimitSpec<Declared['key']>[] = POLICIES.flatMap((p) => ('limit' in p && p.limit ? [p.limit] : []));

/** Strict by default: a rewrite of a payment service has to match decision for decision. */
export const DEFAULT_LIMITS: GateLimits = Object.fromEntries(LIMITS.map((l) => [l.key, l.default])) as GateLimits;

/** The config file's `gate` key: any limit, and the allow-list file. */
export const GATE_CONFIG_SCHEMA = z
  .object({
    ...Object.fromEntries(LIMITS.map((l) => [l.key, l.schema.optional()])),
    /** The allow-list file, relative to the working directory. */
    allow: z.string().optional(),
  })
  .strict() as unknown as z.ZodType<Partial<GateLimits> & { readonly allow?: string }>;
