import type { Dispatcher } from 'undici';

/** What a finished send reports back to the window that made it. */
export interface SendOutcome {
  answered(send: DrainHandler): void;
  failed(send: DrainHandler): void;
}

/**
 * One send's undici handler, in undici's raw callback form (no header parsing, no body stream):
 * the status is kept, the body's chunks are let go as they arrive, never copied or joined.
 */
export class DrainHandler implements Dispatcher.DispatchHandler {
  status = 0;

  constructor(
    readonly window: SendOutcome,
    /** Monotonic ms the latency counts from: the intended send time (open loop) or the send itself (closed loop). */
    readonly fromMs: number,
  ) {}

  onConnect(): void {}

  onHeaders(status: number): boolean {
    // 1xx answers (100 Continue, Early Hints) precede the real one.
    if (status >= 200) this.status = status;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.window.answered(this);
  }

  onError(): void {
    this.window.failed(this);
  }
}
