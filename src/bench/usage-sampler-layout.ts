/**
 * The memory `watchProcess` shares with its sampling thread. control (int32): [0] a counter bumped
 * whenever a watch starts or stops (the thread sleeps on it); per slot, from slotBase(slot): the
 * watch's id (0 = free), the PID, the sampling interval in ms. figures (bigint64): per slot, the
 * highest CPU ticks and the highest RSS read, starting from the watch's first reading.
 */
export interface SamplerShared {
  readonly control: SharedArrayBuffer;
  readonly figures: SharedArrayBuffer;
}

/** Watches at once: a bench watches one side at a time; more than this are measured at start and stop only. */
export const SAMPLER_SLOTS = 16;

export function slotBase(slot: number): number {
  return 1 + slot * 3;
}

export function newSamplerShared(): SamplerShared {
  return {
    control: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * slotBase(SAMPLER_SLOTS)),
    figures: new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT * 2 * SAMPLER_SLOTS),
  };
}
