import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { HeaderList } from '../core/exchange.js';
import { responseHeaders } from '../util/hop-by-hop.js';
import type { CappedBody } from './capped-body.js';

export interface Relayed {
  readonly status: number;
  /** Names lower-cased, as captures hold them. */
  readonly headers: HeaderList;
}

/** Called once per relay: with no error once the answer was relayed whole; else the caller answers or cuts the client. */
export type RelaySettled<T> = (relay: Relay<T>, error: Error | undefined) => void;

/**
 * Streams the upstream's answer to the client as undici parses it, teeing the body into the
 * capture, with backpressure both ways. An undici dispatch handler rather than `request()`: no
 * stream object and no second parse of the headers per response (undici's `request` parses raw
 * headers twice when asked for them, and they are needed raw to relay names in their case and order).
 * It ends in a callback, not a promise: no promise or microtask per exchange on the forwarding path.
 */
export class Relay<T> implements Dispatcher.DispatchHandler {
  readonly #res: ServerResponse;
  readonly #head: boolean;
  readonly #capture: CappedBody | undefined;
  readonly #settled: RelaySettled<T>;
  /** What the caller keeps about the exchange until it is settled. */
  readonly context: T;
  #abort: ((error?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #answer: Relayed | undefined;
  #clientGone = false;
  #settledOnce = false;

  /** `capture`: where the answer's body is teed for the recording; none when the exchange is not recorded. */
  constructor(res: ServerResponse, method: string, capture: CappedBody | undefined, settled: RelaySettled<T>, context: T) {
    this.#res = res;
    this.#head = method === 'HEAD';
    this.#capture = capture;
    this.#settled = settled;
    this.context = context;
    res.on('close', this.#onClose);
  }

  /** The client went away before its answer was written whole. */
  get clientGone(): boolean {
    return this.#clientGone;
  }

  /** The client's response, for the caller to answer when the upstream gave none. */
  get res(): ServerResponse {
    return this.#res;
  }

  /** The answer as relayed (status, and headers when recorded); set once its head was relayed. */
  get answer(): Relayed | undefined {
    return this.#answer;
  }

  /** The request could not be sent (its body never came whole): settles without an answer. */
  fail(error: Error): void {
    this.#settle(error);
  }

  /** Once only: undici reports an error thrown by onComplete through onError. */
  #settle(error: Error | undefined): void {
    if (this.#settledOnce) return;
    this.#settledOnce = true;
    this.#settled(this, error);
  }

  /** A listener of the response, not an AbortController per request: the upstream request is cancelled when the client leaves. */
  readonly #onClose = (): void => {
    if (this.#res.writableFinished) return;
    this.#clientGone = true;
    this.#abort?.(new ClientGone());
  };

  onConnect(abort: (error?: Error) => void): void {
    this.#abort = abort;
    if (this.#clientGone) abort(new ClientGone());
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx (Early Hints...): the client's own 100 Continue was given by the proxy.
    if (status < 200) return true;
    try {
      const headers = responseHeaders(rawHeaders, this.#capture !== undefined);
      this.#res.writeHead(status, statusText, headers.relayed);
      // Node holds the headers back until the first body write. A body the upstream paces (chunked,
      // server-sent events) may come much later: the client gets the headers now, as it would direct.
      if (!headers.sized && !this.#head && status !== 204 && status !== 304) this.#res.flushHeaders();
      this.#answer = { status, headers: headers.recorded ?? NOT_RECORDED };
      this.#resume = resume;
      return true;
    } catch (error) {
      this.#abort?.(error as Error);
      return false;
    }
  }

  onData(chunk: Buffer): boolean {
    this.#capture?.add(chunk);
    if (this.#res.write(chunk)) return true;
    this.#res.once('drain', this.#resume as () => void);
    return false;
  }

  onComplete(): void {
    this.#res.end();
    this.#settle(undefined);
  }

  onError(error: Error): void {
    this.#settle(error);
  }
}

/** The headers of an answer not recorded: nothing is kept. */
const NOT_RECORDED: HeaderList = [];

/** What the upstream request is aborted with when the client leaves. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before its answer was complete');
  }
}
