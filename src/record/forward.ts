import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, errors } from 'undici';
import type { HeaderList } from '../core/exchange.js';

export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Readable;
}

/** Why the upstream gave no answer, as the client will see it. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly reason: string;
}

/** A keep-alive connection pool to the service being recorded. */
export class Upstream {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #timeoutMs: number;
  readonly origin: string;

  constructor(target: URL, { timeoutMs, connections }: { readonly timeoutMs: number; readonly connections: number }) {
    this.origin = target.origin;
    this.#basePath = target.pathname.replace(/\/$/, '');
    this.#timeoutMs = timeoutMs;
    this.#pool = new Pool(target.origin, { connections, keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /** Sends the client's request on with `body`: whole, or streamed through (undici accepts any async iterable; its types say Readable). */
  forward(req: IncomingMessage, url: string, headers: HeaderList, body: Buffer | AsyncIterable<Buffer>, signal: AbortSignal): Promise<UpstreamAnswer> {
    const flat: string[] = [];
    for (const [name, value] of headers) if (name.toLowerCase() !== 'host') flat.push(name, value);
    flat.push('x-forwarded-for', req.socket.remoteAddress ?? '', 'x-forwarded-host', req.headers.host ?? '', 'x-forwarded-proto', 'http');
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    return this.#pool
      .request({ path: this.#basePath + url, method: (req.method ?? 'GET') as 'GET', headers: flat, body: hasBody ? (body as Buffer | Readable) : null, signal })
      .then(({ statusCode, headers: responseHeaders, body }) => ({ status: statusCode, headers: responseHeaders, body }));
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
