import type { Readable } from 'node:stream';
import { Pool, errors, type Dispatcher } from 'undici';
import { readCaFile, targetNamedConnector, type UpstreamTlsOptions } from './upstream-tls.js';

/** Why the upstream gave no answer, as the client will see it. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly reason: string;
}

export interface UpstreamOptions extends UpstreamTlsOptions {
  readonly timeoutMs: number;
  readonly connections: number;
}

/** undici reads a request's `servername` (its types do not list it); without it, it is taken from the Host header. */
interface TlsRequestOptions {
  readonly servername: string;
}

/** A keep-alive connection pool to the service being recorded. */
export class Upstream {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  /** Fixed per request so undici never swaps TLS connections over a change of Host (see targetNamedConnector). */
  readonly #servername: string;
  readonly origin: string;

  constructor(target: URL, options: UpstreamOptions) {
    this.origin = target.origin;
    this.#basePath = target.pathname.replace(/\/$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#servername = target.hostname;
    const tls = target.protocol === 'https:';
    // A --ca given with an http:// target is still checked: a wrong file should not pass silently.
    if (!tls && options.ca !== undefined) readCaFile(options.ca);
    this.#pool = new Pool(target.origin, {
      connections: options.connections,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      ...(tls ? { connect: targetNamedConnector(options) } : {}),
    });
  }

  /**
   * Sends the client's request on with `headers` as readRequestHead made them and `body`: whole,
   * or streamed through (undici accepts any async iterable; its types say Readable), or none;
   * `handler` gets the answer as it is parsed.
   */
  forward(method: string, url: string, headers: string[], body: Buffer | AsyncIterable<Buffer> | null, handler: Dispatcher.DispatchHandler): void {
    const options: Dispatcher.DispatchOptions & TlsRequestOptions = {
      path: this.#basePath + url,
      method: method as 'GET',
      headers,
      body: body as Buffer | Readable | null,
      servername: this.#servername,
    };
    this.#pool.dispatch(options, handler);
  }

  /** Maps an undici error to what the client gets (fastify-reply-from's convention: timeout 504, else 502). */
  failureOf(error: unknown): UpstreamFailure {
    const timedOut = error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError;
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    return timedOut
      ? { status: 504, reason: `upstream ${this.origin} did not answer within ${this.#timeoutMs} ms` }
      : { status: 502, reason: `upstream ${this.origin} failed: ${code ?? message}` };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
