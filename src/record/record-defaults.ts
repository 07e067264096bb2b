/* A module of its own so the CLI can show these in --help without loading the proxy. */
/** Every default of a recording, in one place: the CLI's flags and localRecordOptions read these. */
export const RECORD_DEFAULTS = {
  host: '127.0.0.1',
  port: 8081,
  /** 1 MiB of each body is kept; larger bodies are flagged truncated. */
  maxBodyBytes: 1024 * 1024,
  sample: 1,
  upstreamTimeoutMs: 30_000,
  /** The upstream sees the client's Host, as it would without the proxy. */
  rewriteHost: false,
  insecure: false,
} as const;
