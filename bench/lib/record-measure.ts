import { readFileSync } from 'node:fs';
import { readCpuMs, readMachineBusyMs, readRssBytes } from './measure.js';

export interface RssTrace {
  /** Every sample in bytes, in time order. */
  readonly samples: readonly number[];
  readonly peakBytes: number;
  /** Mean of the first and of the last third of the samples: equal when memory is flat. */
  readonly firstThirdBytes: number;
  readonly lastThirdBytes: number;
}

/**
 * Samples a process's RSS every `intervalMs` until `stop()` and keeps every sample (bench/lib/measure.ts's
 * `sampleRss` keeps only the peak), so a run can tell a flat profile from a growing one.
 */
export function traceRss(pid: number, intervalMs = 200): { stop(): RssTrace } {
  // A process that has just exited has no /proc entry any more: its last sample is the one before.
  const trace = sampleEvery(() => readRssBytes(pid), intervalMs);
  return {
    stop() {
      const samples = trace.stop();
      const third = Math.max(1, Math.floor(samples.length / 3));
      return { samples, peakBytes: Math.max(...samples), firstThirdBytes: mean(samples.slice(0, third)), lastThirdBytes: mean(samples.slice(-third)) };
    },
  };
}

/** Calls `read` now, every `intervalMs` and at stop; a read that throws (a process gone) is skipped. */
export function sampleEvery(read: () => number, intervalMs: number): { stop(): number[] } {
  const samples: number[] = [];
  const sample = () => {
    try {
      samples.push(read());
    } catch {
      // gone
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** CPU time (user + system) of one thread of a process so far, in ms (Linux USER_HZ = 100). */
function readThreadCpuMs(pid: number, tid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export interface CpuShares {
  /** Cores used by each named process (all its threads) between start and stop. */
  readonly processes: Readonly<Record<string, number>>;
  /** Cores used by each named process's main thread alone (the event loop). */
  readonly mainThreads: Readonly<Record<string, number>>;
  /** This process (the load generator). */
  readonly self: number;
  /** Everything else on the machine: other users' processes competing for the cores. */
  readonly others: number;
  readonly elapsedMs: number;
}

/**
 * Like bench/lib/measure.ts's `cpuMeter`, for several processes at once, so that `others` is really
 * other work on the machine and not, say, the validator behind the recorder being measured.
 */
export function cpuShares(pids: Readonly<Record<string, number>>): { stop(): CpuShares } {
  const started = performance.now();
  const names = Object.keys(pids);
  const start = names.map((name) => readCpuMs(pids[name] as number));
  const mainStart = names.map((name) => readThreadCpuMs(pids[name] as number, pids[name] as number));
  const selfStart = process.cpuUsage();
  const machineStart = readMachineBusyMs();
  return {
    stop() {
      const elapsedMs = performance.now() - started;
      const processes: Record<string, number> = {};
      const mainThreads: Record<string, number> = {};
      names.forEach((name, i) => {
        const pid = pids[name] as number;
        processes[name] = (readCpuMs(pid) - (start[i] ?? 0)) / elapsedMs;
        mainThreads[name] = (readThreadCpuMs(pid, pid) - (mainStart[i] ?? 0)) / elapsedMs;
      });
      const usage = process.cpuUsage(selfStart);
      const self = (usage.user + usage.system) / 1000 / elapsedMs;
      const machine = (readMachineBusyMs() - machineStart) / elapsedMs;
      const mine = Object.values(processes).reduce((a, b) => a + b, 0) + self;
      return { processes, mainThreads, self, others: Math.max(0, machine - mine), elapsedMs };
    },
  };
}

/**
 * Waits (up to `maxWaitMs`) until the machine is quiet: less than `threshold` cores busy over a
 * 1 s window, counting everything (our own idle servers use next to nothing). Returns the busy
 * cores of the last window, so a run that had to start on a busy machine can say so.
 */
export async function waitForQuiet(threshold = 0.3, maxWaitMs = 30_000): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const t0 = performance.now();
    const busy0 = readMachineBusyMs();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const busy = (readMachineBusyMs() - busy0) / (performance.now() - t0);
    if (busy < threshold || performance.now() > deadline) return busy;
  }
}
