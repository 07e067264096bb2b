import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParityError } from '../core/errors.js';
import type { HeaderList, NewExchange, Reply } from '../core/exchange.js';
import { globToRegExp, passesGlobs } from '../util/glob.js';
import { recordedBody, type CappedBody } from './capped-body.js';
import { Upstream } from './forward.js';
import { Relay } from './relay.js';
import { readRequestHead } from './request-head.js';
import type { UpstreamTlsOptions } from './upstream-tls.js';

export interface ProxyOptions extends UpstreamTlsOptions {
  readonly target: URL;
  readonly host: string;
  readonly port: number;
  /** Bytes of each body kept in the capture; the proxied body is never cut. */
  readonly maxBodyBytes: number;
  /** Share of exchanges recorded, 0 to 1. */
  readonly sample: number;
  /** Stop recording after this many exchanges (the `limit` event fires once). */
  readonly limit?: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly upstreamTimeoutMs: number;
  /** Send the target's Host upstream instead of the client's (kept by default, as a client reaching it direct would send it). */
  readonly rewriteHost?: boolean | undefined;
}

export interface ProxyStats {
  readonly proxied: number;
  readonly recorded: number;
  readonly upstreamErrors: number;
  readonly clientAborts: number;
}

interface ProxyEvents {
  exchange: [exchange: NewExchange];
  limit: [];
}

/** What an exchange chosen for recording keeps until its answer is relayed. */
interface Chosen {
  readonly seq: number;
  readonly recordedAt: number;
  readonly started: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: HeaderList;
  readonly requestBody: CappedBody;
  readonly responseBody: CappedBody;
}

/**
 * The in-line recording reverse proxy. Proxied traffic comes first: a request is forwarded and
 * answered the same whether or not it is recorded, and recording only ever sees a finished exchange.
 */
export class RecordingProxy extends EventEmitter<ProxyEvents> {
  readonly #server: Server;
  readonly #upstream: Upstream;
  readonly #options: ProxyOptions;
  readonly #include: RegExp[];
  readonly #exclude: RegExp[];
  readonly #rewriteHost: boolean;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #stats = { proxied: 0, recorded: 0, upstreamErrors: 0, clientAborts: 0 };
  /** Numbers exchanges chosen for recording in the order they arrive, not the order they finish. */
  #arrivals = 0;
  url = '';

  private constructor(options: ProxyOptions) {
    super();
    this.#options = options;
    this.#include = options.include.map(globToRegExp);
    this.#exclude = options.exclude.map(globToRegExp);
    this.#rewriteHost = options.rewriteHost ?? false;
    this.#upstream = new Upstream(options.target, { timeoutMs: options.upstreamTimeoutMs, connections: 256, ca: options.ca, insecure: options.insecure });
    this.#server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => this.#handle(req, res));
    // Node would send the 100 by itself; said here because the forwarded request must then not carry
    // the Expect header (endToEndHeaders drops it): undici refuses it, and the go-ahead is given.
    this.#server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      res.writeContinue();
      this.#handle(req, res);
    });
  }

  static async start(options: ProxyOptions): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(options.port, options.host, () => {
        proxy.#server.off('error', reject);
        resolve();
      });
    }).catch(async (cause: NodeJS.ErrnoException) => {
      await proxy.#upstream.close();
      throw new ParityError('LISTEN_FAILED', `cannot listen on ${options.host}:${options.port}: ${cause.code ?? cause.message}`, {
        hint: cause.code === 'EADDRINUSE' ? 'another process holds the port: pick another --listen port (0 picks a free one)' : 'check --listen',
        cause,
      });
    });
    const { port } = proxy.#server.address() as AddressInfo;
    proxy.url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    return proxy;
  }

  get stats(): ProxyStats {
    return { ...this.#stats };
  }

  /** Stops accepting, lets in-flight exchanges finish, then closes every connection. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    this.#server.closeAllConnections();
    await closed;
    await this.#upstream.close();
  }

  /**
   * Forwards one exchange; the relay calls #settled when it is over. Callbacks rather than async
   * functions: an exchange only forwarded makes no promise and waits on no microtask.
   */
  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.#inFlight++;
    this.#stats.proxied++;
    const recordedAt = Date.now();
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const record = this.#shouldRecord(path);
    const head = readRequestHead(req.rawHeaders, { rewriteHost: this.#rewriteHost, record, client: req.socket.remoteAddress ?? '' });
    // Not recorded, nothing is kept or counted: the exchange is only forwarded.
    const chosen: Chosen | undefined =
      record && head.recorded
        ? {
            seq: ++this.#arrivals,
            recordedAt,
            started,
            method,
            path,
            query: queryAt === -1 ? '' : url.slice(queryAt + 1),
            headers: head.recorded,
            requestBody: recordedBody(this.#options.maxBodyBytes),
            responseBody: recordedBody(this.#options.maxBodyBytes),
          }
        : undefined;
    const relay = new Relay(res, method, chosen?.responseBody, this.#settled, chosen);
    const hasBody = head.contentLength !== undefined ? head.contentLength !== '0' : head.encoded;
    if (!hasBody) {
      this.#upstream.forward(method, url, head.forward, null, relay);
      return;
    }
    // A small request (the usual API call) is read whole and sent as one buffer: streaming it
    // through an async iterator costs more than the bytes. Larger or unsized ones stream, teed
    // into the capture up to the cap when recorded.
    const length = Number(head.contentLength);
    if (length <= WHOLE_BODY_BYTES) {
      readWhole(req, length, (error, body) => {
        if (error) return relay.fail(error);
        chosen?.requestBody.add(body as Buffer);
        this.#upstream.forward(method, url, head.forward, body as Buffer, relay);
      });
      return;
    }
    this.#upstream.forward(method, url, head.forward, chosen ? tapped(req, chosen.requestBody) : req, relay);
  }

  readonly #settled = (relay: Relay<Chosen | undefined>, error: Error | undefined): void => {
    try {
      this.#settle(relay, error);
    } finally {
      if (--this.#inFlight === 0) this.#idle?.();
    }
  };

  /** Answers the client when the upstream gave no answer, then hands a recorded exchange on. */
  #settle(relay: Relay<Chosen | undefined>, error: Error | undefined): void {
    const chosen = relay.context;
    let response: Reply;
    if (error === undefined) {
      if (!chosen) return;
      const answer = relay.answer;
      const body = chosen.responseBody;
      if (!answer) return;
      response = { kind: 'answer', status: answer.status, headers: answer.headers, body: body.bytes(), truncated: body.truncated, ...(body.truncated ? body.whole() : undefined), latencyUs: elapsedUs(chosen.started) };
    } else {
      if (relay.clientGone || error instanceof ClientClosed) {
        this.#stats.clientAborts++;
        return;
      }
      this.#stats.upstreamErrors++;
      const failure = this.#upstream.failureOf(error);
      const res = relay.res;
      if (!res.headersSent) {
        const body = JSON.stringify({ error: failure.status === 504 ? 'gateway_timeout' : 'bad_gateway', message: failure.reason, by: 'parity record' });
        res.writeHead(failure.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      } else {
        res.destroy();
      }
      if (!chosen) return;
      response = { kind: 'no-answer', error: failure.reason, latencyUs: elapsedUs(chosen.started) };
    }
    if (this.#limitReached()) return;
    this.#stats.recorded++;
    const requestBody = chosen.requestBody;
    this.emit('exchange', {
      seq: chosen.seq,
      recordedAt: chosen.recordedAt,
      method: chosen.method,
      path: chosen.path,
      query: chosen.query,
      requestHeaders: chosen.headers,
      requestBody: requestBody.bytes(),
      requestTruncated: requestBody.truncated,
      ...(requestBody.truncated ? requestWhole(requestBody) : undefined),
      response,
      tags: [],
    });
    if (this.#limitReached()) this.emit('limit');
  }

  #shouldRecord(path: string): boolean {
    if (this.#limitReached()) return false;
    if (!passesGlobs(path, this.#include, this.#exclude)) return false;
    return this.#options.sample >= 1 || Math.random() < this.#options.sample;
  }

  #limitReached(): boolean {
    return this.#options.limit !== undefined && this.#stats.recorded >= this.#options.limit;
  }
}

/** A cut request body's whole length and hash, as the exchange names them. */
function requestWhole(body: CappedBody): { requestFullLength?: number; requestSha256?: string } {
  const { fullLength, sha256 } = body.whole();
  return { ...(fullLength !== undefined ? { requestFullLength: fullLength } : {}), ...(sha256 !== undefined ? { requestSha256: sha256 } : {}) };
}

function elapsedUs(since: number): number {
  return Math.floor((performance.now() - since) * 1000);
}

/** Request bodies up to this size are read whole before forwarding. */
const WHOLE_BODY_BYTES = 64 * 1024;

class ClientClosed extends Error {
  constructor() {
    super('the client closed the request before sending its body');
  }
}

/**
 * Calls back with a small request's whole body. Node's parser pushes a body that came in the same
 * read as the head right after the 'request' event, before any microtask runs (the message is only
 * marked complete later): all its bytes are then buffered and read at once, with no listener or
 * flowing mode (the read resumes the socket as a listener would). A body still on its way (a slow
 * client, Expect: 100-continue) is collected as it comes.
 */
function readWhole(req: IncomingMessage, length: number, done: (error: Error | undefined, body: Buffer | undefined) => void): void {
  queueMicrotask(() => {
    if (req.readableLength === length && !req.readableFlowing) done(undefined, req.read() as Buffer);
    else collect(req, done);
  });
}

function collect(req: IncomingMessage, done: (error: Error | undefined, body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let settled = false;
  const settle = (error: Error | undefined, body: Buffer | undefined): void => {
    if (settled) return;
    settled = true;
    done(error, body);
  };
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => settle(undefined, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
  req.once('error', (error) => settle(error, undefined));
  // A client gone before its body arrived: 'end' never comes.
  req.once('close', () => {
    if (!req.complete) settle(new ClientClosed(), undefined);
  });
}

/** The request body as undici reads it, copied into the capture on the way through (no extra listener, so no data is lost before undici starts reading). */
async function* tapped(req: IncomingMessage, capture: CappedBody): AsyncIterable<Buffer> {
  for await (const chunk of req) {
    capture.add(chunk as Buffer);
    yield chunk as Buffer;
  }
}
