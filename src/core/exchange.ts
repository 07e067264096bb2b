/** Header lines in wire order, duplicates kept: `[name, value]` with the name as received. */
export type HeaderList = readonly (readonly [string, string])[];

/** The first value of a header, by name in any case (`name` lower-case). */
export function headerValue(list: HeaderList, name: string): string | undefined {
  for (const [n, v] of list) if (n.length === name.length && n.toLowerCase() === name) return v;
  return undefined;
}

/** One recorded request/response pair, bodies byte-exact. */
export interface Exchange {
  /** Position in arrival order, from 1. Gaps mean exchanges that were not stored (dropped, refused, aborted). */
  readonly seq: number;
  /** When the request arrived (epoch ms). */
  readonly recordedAt: number;
  readonly method: string;
  readonly path: string;
  /** The query string without `?`, empty when there was none. */
  readonly query: string;
  readonly requestHeaders: HeaderList;
  readonly requestBody: Uint8Array;
  readonly requestTruncated: boolean;
  /** For a truncated request body: the whole body's length and SHA-256 (hex) as the client sent it (absent in older captures). */
  readonly requestFullLength?: number;
  readonly requestSha256?: string;
  readonly response: Reply;
  readonly tags: readonly string[];
}

/**
 * What a service did with a request, recorded or replayed alike: it answered, or it gave none
 * (refused, reset, timed out; when recording, the client then got a 502).
 */
export type Reply = Answer | NoAnswer;

export interface Answer {
  readonly kind: 'answer';
  readonly status: number;
  readonly headers: HeaderList;
  readonly body: Uint8Array;
  /** The body was cut at the byte cap (`--max-body`). */
  readonly truncated: boolean;
  /**
   * For a truncated body: the whole body's length in bytes and its SHA-256 (hex) over the bytes as
   * sent (Content-Encoding not undone), so that cut bodies compare by these. Absent for a body
   * kept whole, and for a cut body from an older capture (which then cannot be compared); the
   * hash alone is absent where redaction changed the kept part (see redactor.ts).
   */
  readonly fullLength?: number;
  readonly sha256?: string;
  /** Latency in microseconds, request sent to response complete. */
  readonly latencyUs: number;
}

export interface NoAnswer {
  readonly kind: 'no-answer';
  readonly error: string;
  readonly latencyUs: number;
}

/** An exchange on its way to the store: the recorder numbers it at arrival; without a number the store appends it last. */
export type NewExchange = Omit<Exchange, 'seq'> & { readonly seq?: number };
