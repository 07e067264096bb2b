import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Histogram } from '../util/histogram.js';
import { monotonicMs } from './clock.js';
import type { HarnessHealth } from './model.js';

/** What the monitor measures of the harness's health; the priority it ran at is the engine's to say. */
export type MonitoredHealth = Omit<HarnessHealth, 'raisedPriority'>;

/** A send more than this late is the harness's fault, not the service's. */
export const LATE_THRESHOLD_MS = 1;

/**
 * Watches the harness itself over one window: its event-loop delay, its CPU, and how late each
 * send went out (the time `dispatch` was called minus the intended time). When these are bad, the
 * latencies measured the harness, not the service.
 */
export class HarnessMonitor {
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  readonly #lateness = new Histogram();
  #sends = 0;
  #late = 0;
  #maxLateMs = 0;
  #cpuStart: NodeJS.CpuUsage | undefined;
  #wallStart = 0;
  #health: MonitoredHealth | undefined;

  start(): void {
    this.#loopDelay.enable();
    this.#cpuStart = process.cpuUsage();
    this.#wallStart = monotonicMs();
  }

  /** One send, `lateMs` after its intended time (0 for closed-loop sends, which have none). */
  recordSend(lateMs: number): void {
    this.#sends++;
    if (lateMs > LATE_THRESHOLD_MS) this.#late++;
    if (lateMs > this.#maxLateMs) this.#maxLateMs = lateMs;
    this.#lateness.record(lateMs * 1000);
  }

  /** Ends the watch; later calls return the same figures. */
  stop(): MonitoredHealth {
    if (this.#health !== undefined) return this.#health;
    if (this.#cpuStart === undefined) {
      // Never started (a window aborted before its first send): nothing was measured.
      this.#health = { lateShare: 0, maxLateUs: 0, eventLoopDelayP99Us: 0, cpuShare: 0 };
      return this.#health;
    }
    this.#loopDelay.disable();
    const cpu = process.cpuUsage(this.#cpuStart);
    const wallMs = Math.max(monotonicMs() - this.#wallStart, 1e-3);
    const loopDelayP99 = this.#loopDelay.count > 0 ? this.#loopDelay.percentile(99) : 0;
    this.#health = {
      lateShare: this.#sends === 0 ? 0 : this.#late / this.#sends,
      maxLateUs: Math.round(this.#maxLateMs * 1000),
      eventLoopDelayP99Us: Math.round(loopDelayP99 / 1000),
      cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    };
    return this.#health;
  }

  /** Lateness of every send, µs (values under 1 µs count as 1): for the load engine's own benchmark. */
  get lateness(): Histogram {
    return this.#lateness;
  }
}
