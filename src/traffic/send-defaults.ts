// A module of its own so the CLI can show these in --help without loading the HTTP client.

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_TIMEOUT_MS = 10_000;
