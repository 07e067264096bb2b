import { z } from 'zod';
import { COMPARE_SCHEMA } from '../compare/settings.js';
import { GATE_CONFIG_SCHEMA } from '../gate/limits.js';
import { REPLAY_CONFIG_SCHEMA } from '../replay/replay-options.js';

/**
 * `parity.config.json`: everything optional; flags override it. Each room declares its own part
 * (replay, compare with its normalisers, gate); this composes them, and `npm run docs` publishes
 * the result as parity.config.schema.json for editors (`"$schema": "./parity.config.schema.json"`).
 */
export const CONFIG_SCHEMA = z
  .object({
    $schema: z.string().optional(),
    replay: REPLAY_CONFIG_SCHEMA.optional(),
    compare: COMPARE_SCHEMA.optional(),
    gate: GATE_CONFIG_SCHEMA.optional(),
  })
  .strict();

export type ParityConfig = z.infer<typeof CONFIG_SCHEMA>;
