import type { Dispatcher } from 'undici';
import type { Reply } from '../core/exchange.js';
import { CappedBody } from '../util/capped-body.js';

/**
 * One replayed request's undici handler, in undici's raw callback form: the answer's chunks go
 * straight into a CappedBody and its raw headers into name/value pairs, with no response stream,
 * header object or async iteration in between (per exchange, those cost more than the compare).
 * Settles once: with the answer, or with the failure (a deadline over the whole exchange, as the
 * per-phase timeouts undici applies do not bound a body that trickles).
 */
export class ReplyHandler implements Dispatcher.DispatchHandler {
  readonly #started = performance.now();
  readonly #body: CappedBody;
  readonly #settle: (reply: Reply) => void;
  readonly #describe: (error: unknown) => string;
  readonly #deadline: NodeJS.Timeout;
  #abort: ((reason: Error) => void) | undefined;
  #status = 0;
  #headers: [string, string][] = [];
  #settled = false;

  constructor(maxBodyBytes: number, timeoutMs: number, settle: (reply: Reply) => void, describe: (error: unknown) => string) {
    this.#body = new CappedBody(maxBodyBytes);
    this.#settle = settle;
    this.#describe = describe;
    this.#deadline = setTimeout(() => this.#timedOut(), timeoutMs);
  }

  onConnect(abort: (reason?: Error) => void): void {
    // The deadline may pass while the request still waits for a connection of the pool.
    if (this.#settled) abort(new DeadlineError());
    else this.#abort = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    // 1xx answers (100 Continue, Early Hints) precede the real one.
    if (status < 200) return true;
    this.#status = status;
    // Names lower-cased and values read as Latin-1, as undici's own header parsing gives them.
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.push([(rawHeaders[i] as Buffer).toString('latin1').toLowerCase(), (rawHeaders[i + 1] as Buffer).toString('latin1')]);
    this.#headers = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#body.add(chunk);
    return true;
  }

  onComplete(): void {
    const body = this.#body;
    this.#finish({ kind: 'answer', status: this.#status, headers: this.#headers, body: body.bytes(), truncated: body.truncated, ...body.whole(), latencyUs: this.#latencyUs() });
  }

  onError(error: Error): void {
    this.#finish({ kind: 'no-answer', error: this.#describe(error), latencyUs: this.#latencyUs() });
  }

  #timedOut(): void {
    const error = new DeadlineError();
    this.#finish({ kind: 'no-answer', error: this.#describe(error), latencyUs: this.#latencyUs() });
    this.#abort?.(error);
  }

  #finish(reply: Reply): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#deadline);
    this.#settle(reply);
  }

  #latencyUs(): number {
    return Math.floor((performance.now() - this.#started) * 1000);
  }
}

/** The whole exchange took longer than the timeout (named as AbortSignal.timeout names it). */
export class DeadlineError extends Error {
  override readonly name = 'TimeoutError';
  constructor() {
    super('the exchange took longer than the timeout');
  }
}
