import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { ParityError } from '../core/errors.js';
import { Histogram } from '../util/histogram.js';
import { monotonicMs } from './clock.js';
import { DrainHandler, type SendOutcome } from './drain-handler.js';
import { HarnessMonitor } from './harness-monitor.js';
import { raiseThisThread, type RaisedThread } from './harness-priority.js';
import { LatencyTimeline } from './latency-timeline.js';
import type { LoadPlan, LoadResult } from './model.js';
import { PreciseTimer } from './precise-timer.js';
import { prepareRequests } from './prepared-requests.js';
import { openLoopSchedule, type Schedule } from './schedule.js';

/** A window's result with what only the engine's own benchmark reads. */
export interface MeasuredLoad {
  readonly result: LoadResult;
  /** Lateness of every send, µs. */
  readonly lateness: Histogram;
}

/**
 * Sends one window of load to one target and measures its answers. Open loop for the `rate` and
 * `recorded` paces (latency from each request's intended send time, so a stalled service shows
 * the wait of every request it held up); closed loop for `saturate` (each connection keeps one
 * request in flight; latency from the actual send).
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return (await runLoadMeasured(plan)).result;
}

export async function runLoadMeasured(plan: LoadPlan): Promise<MeasuredLoad> {
  validatePlan(plan);
  const schedule = plan.pace.kind === 'saturate' ? undefined : openLoopSchedule(plan.pace, plan.requests, plan.start);
  const window = new LoadWindow(plan, schedule);
  // Started before the window's clock: the thread takes tens of ms to come up.
  if (schedule !== undefined) window.timer = await PreciseTimer.start(() => window.sendDue());
  return window.run();
}

/** Due times handed to the timer thread ahead of the sends. */
const LOOKAHEAD = 64;

function validatePlan(plan: LoadPlan): void {
  const invalid = (message: string) => new ParityError('BENCH_INVALID', message);
  if (plan.requests.length === 0) throw invalid('the load has no request to send');
  if (!(Number.isFinite(plan.durationMs) && plan.durationMs > 0)) throw invalid(`a window must last a positive time, not ${plan.durationMs} ms`);
  if (!(Number.isInteger(plan.connections) && plan.connections >= 1)) throw invalid(`connections must be a whole number of at least 1, not ${plan.connections}`);
  if (!(Number.isFinite(plan.timeoutMs) && plan.timeoutMs > 0)) throw invalid(`the timeout must be a positive time, not ${plan.timeoutMs} ms`);
  if (!(Number.isInteger(plan.start) && plan.start >= 0)) throw invalid(`start must be an index into the requests, not ${plan.start}`);
}

type Phase = 'sending' | 'draining' | 'done';

class LoadWindow implements SendOutcome {
  readonly #plan: LoadPlan;
  readonly #schedule: Schedule | undefined;
  timer: PreciseTimer | undefined;
  readonly #pool: Pool;
  readonly #requests: Dispatcher.DispatchOptions[];
  readonly #monitor = new HarnessMonitor();
  readonly #latency = new Histogram();
  readonly #timeline = new LatencyTimeline();
  readonly #lastSecond: number;
  #phase: Phase = 'sending';
  #startMs = 0;
  #sendingEndedMs = 0;
  /** Sends made so far; the k-th send carries request (start + k) mod n. */
  #sent = 0;
  /** Sends whose due time the timer thread has; then the window's end. */
  #fed = 0;
  #fedEnd = false;
  #inFlight = 0;
  #completed = 0;
  #errors = 0;
  #serverErrors = 0;
  #endTimer: NodeJS.Timeout | undefined;
  /** The sending thread's raised priority for the window (null: not allowed). */
  #raised: RaisedThread | null = null;
  #drainTimer: NodeJS.Timeout | undefined;
  #finished!: () => void;
  readonly #onAbort = () => this.#finish('aborted');

  constructor(plan: LoadPlan, schedule: Schedule | undefined) {
    this.#plan = plan;
    this.#schedule = schedule;
    this.#pool = new Pool(plan.target.origin, { connections: plan.connections, keepAliveTimeout: 30_000 });
    this.#requests = prepareRequests(plan.requests, plan.target.pathname.replace(/\/+$/, ''), plan.timeoutMs);
    this.#lastSecond = Math.max(0, Math.ceil(plan.durationMs / 1000) - 1);
  }

  async run(): Promise<MeasuredLoad> {
    const finished = new Promise<void>((resolve) => (this.#finished = resolve));
    const signal = this.#plan.signal;
    if (signal?.aborted) this.#finish('aborted');
    else {
      signal?.addEventListener('abort', this.#onAbort, { once: true });
      this.#raised = raiseThisThread();
      this.#monitor.start();
      this.#startMs = monotonicMs();
      if (this.#schedule === undefined) this.#startClosedLoop();
      else {
        // The timer thread ends the window; this ends it too should that thread ever fail.
        this.#endTimer = setTimeout(() => this.sendDue(), this.#plan.durationMs + 50);
        this.sendDue();
      }
    }
    await finished;
    this.#raised?.restore();
    signal?.removeEventListener('abort', this.#onAbort);
    // Destroy rather than close: whatever is still in flight has been counted (or abandoned) already.
    await Promise.all([this.#pool.destroy(), this.timer?.close()]);
    return { result: this.#result(), lateness: this.#monitor.lateness };
  }

  /** Open loop: sends every request now due; the timer thread calls again when the next one is. */
  sendDue(): void {
    const schedule = this.#schedule as Schedule;
    const { durationMs } = this.#plan;
    while (this.#phase === 'sending') {
      const dueOffset = schedule.offsetMs(this.#sent);
      const now = monotonicMs();
      if (dueOffset >= durationMs) {
        if (now - this.#startMs >= durationMs) this.#endSending();
        else this.#feedTimer();
        return;
      }
      const due = this.#startMs + dueOffset;
      if (due > now) {
        this.#feedTimer();
        return;
      }
      this.#send(due, now - due);
    }
  }

  #feedTimer(): void {
    const timer = this.timer as PreciseTimer;
    const schedule = this.#schedule as Schedule;
    // Sends made on an answer's turn may have overtaken what the thread was given.
    this.#fed = Math.max(this.#fed, this.#sent);
    while (!this.#fedEnd && this.#fed < this.#sent + LOOKAHEAD && timer.room > 0) {
      const dueOffset = schedule.offsetMs(this.#fed);
      if (dueOffset >= this.#plan.durationMs) {
        timer.push(this.#startMs + this.#plan.durationMs);
        this.#fedEnd = true;
      } else {
        timer.push(this.#startMs + dueOffset);
        this.#fed++;
      }
    }
  }

  #startClosedLoop(): void {
    this.#endTimer = setTimeout(() => this.#endSending(), this.#plan.durationMs);
    for (let c = 0; c < this.#plan.connections && this.#phase === 'sending'; c++) this.#sendNow();
  }

  #sendNow(): void {
    this.#send(monotonicMs(), 0);
  }

  #send(fromMs: number, lateMs: number): void {
    const n = this.#requests.length;
    const options = this.#requests[(this.#plan.start + this.#sent) % n] as Dispatcher.DispatchOptions;
    this.#sent++;
    this.#inFlight++;
    this.#monitor.recordSend(lateMs);
    // Waiting for a free connection happens inside the pool: the service's slowness, in the latency.
    this.#pool.dispatch(options, new DrainHandler(this, fromMs));
  }

  answered(send: DrainHandler): void {
    if (this.#phase === 'done') return;
    const now = monotonicMs();
    this.#inFlight--;
    this.#completed++;
    if (send.status >= 500) this.#serverErrors++;
    const latencyUs = (now - send.fromMs) * 1000;
    this.#latency.record(latencyUs);
    this.#timeline.record(Math.floor((now - this.#startMs) / 1000), latencyUs, this.#lastSecond);
    this.#next();
  }

  failed(): void {
    if (this.#phase === 'done') return;
    this.#inFlight--;
    this.#errors++;
    // A failure can be reported inside dispatch itself: the closed loop's next send waits a turn
    // so that a request undici refuses outright cannot recurse.
    if (this.#schedule === undefined && this.#phase === 'sending') setImmediate(() => this.#next());
    else this.#next();
  }

  #next(): void {
    if (this.#phase === 'draining') {
      if (this.#inFlight === 0) this.#finish('drained');
      return;
    }
    if (this.#phase !== 'sending') return;
    if (this.#schedule === undefined) this.#sendNow();
    // An answer's turn of the loop is a free chance to send what has come due since the last wake-up.
    else if (this.#startMs + this.#schedule.offsetMs(this.#sent) <= monotonicMs()) this.sendDue();
  }

  #endSending(): void {
    if (this.#phase !== 'sending') return;
    this.#phase = 'draining';
    this.#sendingEndedMs = monotonicMs();
    if (this.#inFlight === 0) {
      this.#finish('drained');
      return;
    }
    this.#drainTimer = setTimeout(() => this.#finish('timed out'), this.#plan.timeoutMs);
  }

  #finish(how: 'drained' | 'timed out' | 'aborted'): void {
    if (this.#phase === 'done') return;
    if (this.#phase === 'sending') this.#sendingEndedMs = monotonicMs();
    this.#phase = 'done';
    clearTimeout(this.#endTimer);
    clearTimeout(this.#drainTimer);
    // Still unanswered a full timeout after the window: timeouts. An abort abandons them uncounted.
    if (how === 'timed out') this.#errors += this.#inFlight;
    this.#monitor.stop();
    this.#finished();
  }

  #result(): LoadResult {
    const aborted = this.#sendingEndedMs - this.#startMs < this.#plan.durationMs && this.#plan.signal?.aborted === true;
    const durationMs = this.#startMs === 0 ? 0 : aborted ? this.#sendingEndedMs - this.#startMs : this.#plan.durationMs;
    const lastSecond = aborted ? Math.max(0, Math.ceil(durationMs / 1000) - 1) : this.#lastSecond;
    return {
      durationMs,
      scheduled: this.#sent,
      sent: this.#sent,
      completed: this.#completed,
      errors: this.#errors,
      serverErrors: this.#serverErrors,
      latency: this.#latency.toJSON(),
      timeline: this.#startMs === 0 ? [] : this.#timeline.points(lastSecond),
      // Both threads where there is a timer thread: a send waits on the two of them.
      harness: { ...this.#monitor.stop(), raisedPriority: this.#raised !== null && (this.timer?.raised ?? true) },
      next: (this.#plan.start + this.#sent) % this.#requests.length,
    };
  }
}
