import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Pool, errors, type Dispatcher } from 'undici';
import type { HeaderList } from '../core/exchange.js';
import { readCaFile, targetNamedConnector, type UpstreamTlsOptions } from './upstream-tls.js';

/** Why the upstream gave no answer, as the client will see it. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly reason: string;
}

export interface UpstreamOptions extends UpstreamTlsOptions {
  readonly timeoutMs: number;
  readonly connections: number;
  /** Send the target's Host instead of the client's. */
  readonly rewriteHost?: boolean | undefined;
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
  readonly #rewriteHost: boolean;
  /** Fixed per request so undici never swaps TLS connections over a change of Host (see targetNamedConnector). */
  readonly #servername: string;
  readonly origin: string;

  constructor(target: URL, options: UpstreamOptions) {
    this.origin = target.origin;
    this.#basePath = target.pathname.replace(/\/$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#rewriteHost = options.rewriteHost ?? false;
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
   * Sends the client's request on with `body`: whole, or streamed through (undici accepts any async
   * iterable; its types say Readable); `handler` gets the answer as it is parsed. The upstream sees
   * the client's Host, as it would without the proxy; x-forwarded-* describe the hop, keeping what
   * an earlier proxy already said.
   */
  forward(req: IncomingMessage, url: string, headers: HeaderList, body: Buffer | AsyncIterable<Buffer>, handler: Dispatcher.DispatchHandler): void {
    const flat: string[] = [];
    let forwardedFor: string | undefined;
    let forwardedHost = false;
    let forwardedProto = false;
    for (const [name, value] of headers) {
      switch (name.toLowerCase()) {
        case 'host':
          if (!this.#rewriteHost) flat.push(name, value);
          continue;
        case 'x-forwarded-for':
          forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
          continue;
        case 'x-forwarded-host':
          forwardedHost = true;
          break;
        case 'x-forwarded-proto':
          forwardedProto = true;
          break;
      }
      flat.push(name, value);
    }
    const client = req.socket.remoteAddress ?? '';
    flat.push('x-forwarded-for', forwardedFor === undefined ? client : `${forwardedFor}, ${client}`);
    if (!forwardedHost && req.headers.host !== undefined) flat.push('x-forwarded-host', req.headers.host);
    // The proxy listens on plain HTTP; a client that came through a TLS terminator already says https.
    if (!forwardedProto) flat.push('x-forwarded-proto', 'http');
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    const options: Dispatcher.DispatchOptions & TlsRequestOptions = {
      path: this.#basePath + url,
      method: (req.method ?? 'GET') as 'GET',
      headers: flat,
      body: hasBody ? (body as Buffer | Readable) : null,
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
