import { resolveReplaySettings } from '../../src/replay/replay-options.js';
import type { ReplayOptions } from '../../src/replay/runner.js';
import { VALIDATOR_NOISE } from '../../src/validator/noise.js';

/**
 * Replay options for a validator capture as the README runs it: the defaults (recorded legacy,
 * ordered by account), validators reset first, the noise fields ignored, 16 connections (the
 * tests share two cores). `overrides` change any of them.
 */
export function validatorReplay(capture: string, candidate: string, overrides: Partial<ReplayOptions> = {}): ReplayOptions {
  return {
    capture,
    ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate, concurrency: 16, reset: true } }]),
    compare: VALIDATOR_NOISE,
    ...overrides,
  };
}
