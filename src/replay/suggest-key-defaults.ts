// A module of its own so `parity captures suggest-key --help` shows these without loading the store.

/** Exchanges read from the start of a capture, and the share of requests a key must be in. */
export const SUGGEST_KEY_DEFAULTS = { sample: 20_000, minCoverage: 0.99 } as const;
