// A module of its own so the CLI can show these in --help without loading the HTTP client.

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The traffic seed when none is given: the same seed sends the same requests. */
export const DEFAULT_SEED = 1;
