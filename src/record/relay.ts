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

/**
 * Streams the upstream's answer to the client as undici parses it, teeing the body into the
 * capture, with backpressure both ways. An undici dispatch handler rather than `request()`: no
 * stream object and no second parse of the headers per response (undici's `request` parses raw
 * headers twice when asked for them, and they are needed raw to relay names in their case and order).
 */
export class Relay implements Dispatcher.DispatchHandler {
  readonly #res: ServerResponse;
  readonly #head: boolean;
  readonly #capture: CappedBody | undefined;
  #abort: ((error?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #answer: Relayed | undefined;
  #clientGone = false;
  #resolve!: (answer: Relayed) => void;
  #reject!: (error: Error) => void;
  /** Settles once the answer has been relayed whole (or has failed: the caller answers or cuts the client). */
  readonly done: Promise<Relayed>;

  /** `capture`: where the answer's body is teed for the recording; none when the exchange is not recorded. */
  constructor(res: ServerResponse, method: string, capture: CappedBody | undefined) {
    this.#res = res;
    this.#head = method === 'HEAD';
    this.#capture = capture;
    this.done = new Promise<Relayed>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    res.on('close', this.#onClose);
  }

  /** The client went away before its answer was written whole. */
  get clientGone(): boolean {
    return this.#clientGone;
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
      const headers = responseHeaders(rawHeaders);
      this.#res.writeHead(status, statusText, headers.relayed);
      // Node holds the headers back until the first body write. A body the upstream paces (chunked,
      // server-sent events) may come much later: the client gets the headers now, as it would direct.
      if (!headers.sized && !this.#head && status !== 204 && status !== 304) this.#res.flushHeaders();
      this.#answer = { status, headers: headers.recorded };
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
    this.#resolve(this.#answer as Relayed);
  }

  onError(error: Error): void {
    this.#reject(error);
  }
}

/** What the upstream request is aborted with when the client leaves. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before its answer was complete');
  }
}
