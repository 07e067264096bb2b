import type { PerformanceMutation } from './performance-mutation.js';

export const LEAK_BYTES_PER_REQUEST = 24 * 1024;
/** Past this the leak stops growing, so a long bench cannot take the machine's memory. */
export const LEAK_CAP_BYTES = 512 * 1024 * 1024;

export const leaky = {
  name: 'leaky',
  description: `keeps ${LEAK_BYTES_PER_REQUEST / 1024} KiB per request forever (up to ${LEAK_CAP_BYTES / 1024 / 1024} MiB), even across resets`,
  serving: () => {
    const kept: Buffer[] = [];
    return {
      onRequest: () => {
        if (kept.length * LEAK_BYTES_PER_REQUEST < LEAK_CAP_BYTES) {
          // Written, not only allocated: untouched pages would never count in the resident set.
          kept.push(Buffer.allocUnsafeSlow(LEAK_BYTES_PER_REQUEST).fill(kept.length % 251));
        }
        return 0;
      },
    };
  },
} satisfies PerformanceMutation;
