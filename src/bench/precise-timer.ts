import { Worker } from 'node:worker_threads';
import { HARNESS_NICENESS } from './harness-priority.js';

/** Due times the thread may hold at once. */
const RING = 256;

/**
 * The timer thread. Node's own timers fire on libuv's millisecond loop clock, 1-2 ms late, and a
 * setImmediate loop that polls instead burns a whole core (and, on a busy machine, loses its turn
 * to the scheduler just as badly). A thread blocked in Atomics.wait sleeps without CPU and wakes
 * within tens of µs; its message then wakes the main loop through epoll like any I/O.
 *
 * The main thread writes due times ahead into a ring; the thread sleeps until each and posts how
 * many it has passed. Feeding ahead spares the main thread a wake-up call per send: it only wakes
 * the thread when the thread ran out of due times. Shared header (int32): [0] due times written,
 * [1] stop flag, [2] thread waiting for more due times. Then RING float64 due times (monotonic ms).
 * The thread first raises its own priority where allowed (harness-priority.ts) and says whether it
 * could.
 */
const TIMER_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
let raised = false;
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, ${HARNESS_NICENESS});
  raised = true;
} catch {}
parentPort.postMessage({ raised });
const header = new Int32Array(workerData, 0, 4);
const ring = new Float64Array(workerData, 16, ${RING});
const now = () => Number(process.hrtime.bigint()) / 1e6;
let passed = 0;
while (Atomics.load(header, 1) === 0) {
  const written = Atomics.load(header, 0);
  if (passed === written) {
    Atomics.store(header, 2, 1);
    Atomics.wait(header, 0, written);
    Atomics.store(header, 2, 0);
    continue;
  }
  const wait = ring[passed % ${RING}] - now();
  // Sleeps on the stop flag: only a stop interrupts it.
  if (wait > 0.01) { Atomics.wait(header, 1, 0, wait); continue; }
  const at = now();
  do passed++; while (passed < Atomics.load(header, 0) && ring[passed % ${RING}] <= at);
  parentPort.postMessage(passed);
}
`;

/**
 * Calls `onTick` at each due time pushed, on the monotonic clock (see clock.ts), to well under a
 * millisecond; due times already past when one fires are folded into that tick.
 */
export class PreciseTimer {
  readonly #worker: Worker;
  readonly #header: Int32Array;
  readonly #ring: Float64Array;
  readonly #onTick: () => void;
  /** Whether the thread runs at the harness's raised priority. */
  readonly raised: boolean;
  #written = 0;
  #passed = 0;
  #closed = false;
  /** Set when the thread died: ticks then come from a 1 ms interval (late by 1-2 ms, never lost). */
  #fallback: NodeJS.Timeout | undefined;

  private constructor(worker: Worker, shared: SharedArrayBuffer, onTick: () => void, raised: boolean) {
    this.#worker = worker;
    this.raised = raised;
    this.#header = new Int32Array(shared, 0, 4);
    this.#ring = new Float64Array(shared, 16, RING);
    this.#onTick = onTick;
    worker.on('message', (passed: number) => {
      this.#passed = passed;
      if (!this.#closed) this.#onTick();
    });
    const degrade = () => {
      if (this.#closed || this.#fallback !== undefined) return;
      this.#fallback = setInterval(() => {
        this.#passed = this.#written;
        this.#onTick();
      }, 1);
    };
    worker.on('error', degrade);
    worker.on('exit', degrade);
  }

  /** Starts the timer thread (tens of ms): do it before a window's clock starts. */
  static async start(onTick: () => void): Promise<PreciseTimer> {
    const shared = new SharedArrayBuffer(16 + 8 * RING);
    const worker = new Worker(TIMER_THREAD, { eval: true, workerData: shared });
    const { raised } = await new Promise<{ raised: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return new PreciseTimer(worker, shared, onTick, raised);
  }

  /** How many more due times can be pushed now. */
  get room(): number {
    return RING - (this.#written - this.#passed);
  }

  /** Adds a due time, no earlier than the last one pushed; ignored without room or once closed. */
  push(dueMs: number): void {
    if (this.#closed || this.room <= 0) return;
    this.#ring[this.#written % RING] = dueMs;
    this.#written++;
    Atomics.store(this.#header, 0, this.#written);
    if (Atomics.load(this.#header, 2) === 1) Atomics.notify(this.#header, 0);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#fallback);
    Atomics.store(this.#header, 1, 1);
    Atomics.notify(this.#header, 0);
    Atomics.notify(this.#header, 1);
    await this.#worker.terminate();
  }
}
