import type { ReplayOptions } from '../../src/replay/runner.js';
import { VALIDATOR_NOISE } from '../../src/validator/noise.js';

/**
 * Replay options for a validator capture as the README runs it: recorded legacy, ordered by
 * account, validators reset first, the noise fields ignored. `overrides` change any of them.
 */
export function validatorReplay(capture: string, candidate: string, overrides: Partial<ReplayOptions> = {}): ReplayOptions {
  return {
    capture,
    candidate: new URL(candidate),
    legacy: 'recorded',
    order: 'key',
    partitionKey: '$.account_id',
    concurrency: 16,
    timeoutMs: 5_000,
    resetPath: '/admin/reset',
    compare: VALIDATOR_NOISE,
    ...overrides,
  };
}
