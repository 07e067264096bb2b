import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startModuleWorker } from '../util/module-worker.js';
import { ParityError } from '../core/errors.js';
import type { ProcessUsage } from './model.js';
import { readProcStat } from './proc-files.js';
import { readMembers, treeOf, WatchedTree, type TreeReading } from './proc-tree.js';
import { newSamplerShared, SAMPLER_SLOTS, slotBase } from './usage-sampler-layout.js';

/** Often enough to catch a peak of RSS; the samples are read on a thread of their own, off the harness's event loop. */
export const DEFAULT_SAMPLE_MS = 50;

/** What the caller prints when CPU and memory cannot be measured here. */
export const PROCESS_USAGE_UNSUPPORTED =
  'CPU and memory of a side are read from /proc, which only Linux has: the bench measures latency and rate only on this system';

export interface ProcessWatch {
  readonly pid: number;
  /** Ends sampling and returns the window's figures; later calls return the same figures. */
  stop(): ProcessUsage;
}

export function processUsageSupported(): boolean {
  return process.platform === 'linux' && existsSync('/proc/self/stat');
}

/**
 * Watches a process and its descendants (a `sh -c` wrapper, a cluster) from now until `stop()`:
 * CPU seconds used in between, RSS now and its highest sample. The readings at start and stop are
 * taken on the caller's thread, the samples between on the sampling thread.
 */
export function watchProcess(pid: number, options: { readonly sampleMs?: number } = {}): ProcessWatch {
  requireProcess(pid);
  const hz = clockTicksPerSecond();
  const start = new WatchedTree(pid).read(true);
  const slot = sampling()?.watch(pid, Math.max(1, Math.round(options.sampleMs ?? DEFAULT_SAMPLE_MS)), start) ?? null;
  let result: ProcessUsage | undefined;
  return {
    pid,
    stop() {
      if (result) return result;
      const sampled = slot?.release() ?? { cpuTicks: start.cpuTicks, rssBytes: start.rssBytes };
      const last = new WatchedTree(pid).read(true);
      const cpuTicks = Math.max(sampled.cpuTicks, last.processes > 0 ? last.cpuTicks : 0);
      const peak = Math.max(sampled.rssBytes, last.rssBytes);
      result = { cpuSeconds: (cpuTicks - start.cpuTicks) / hz, rssStartBytes: start.rssBytes, rssPeakBytes: peak };
      return result;
    },
  };
}

/**
 * Starts the sampling thread now (tens of ms of CPU), so that it does not start with a measured
 * window; resolves once it samples (at once when it could not start: windows then keep their
 * start and stop readings).
 */
export async function prepareProcessUsage(): Promise<void> {
  if (!processUsageSupported()) return;
  clockTicksPerSecond();
  await sampling()?.ready;
}

interface Sampling {
  readonly ready: Promise<void>;
  watch(pid: number, everyMs: number, start: TreeReading): { release(): { cpuTicks: number; rssBytes: number } } | null;
}

let thread: Sampling | null | undefined;
function sampling(): Sampling | null {
  return (thread ??= startSampling());
}

/**
 * One thread for the process's lifetime (unref'd: it never keeps Parity running). Should it fail
 * to start, or every slot be taken, a window keeps its start and stop readings: a peak of RSS
 * between them may be missed, never the CPU.
 */
function startSampling(): Sampling | null {
  const shared = newSamplerShared();
  const control = new Int32Array(shared.control);
  const figures = new BigInt64Array(shared.figures);
  let ready: Promise<void>;
  try {
    const worker = startModuleWorker(import.meta.url, 'usage-sampler-worker', shared);
    // Held until it samples, so that awaiting `ready` keeps the process alive; never after.
    ready = new Promise<void>((resolve) => {
      const done = () => {
        worker.unref();
        resolve();
      };
      worker.once('message', done);
      worker.once('error', done);
      worker.once('exit', done);
    });
    worker.on('error', () => {});
  } catch {
    return null;
  }
  const changed = () => {
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
  };
  let lastId = 0;
  let nextSlot = 0;
  return {
    ready,
    watch(pid, everyMs, start) {
      // Round robin: a slot just released is the last to be taken again.
      const found = Array.from({ length: SAMPLER_SLOTS }, (_, i) => (nextSlot + i) % SAMPLER_SLOTS).find((s) => Atomics.load(control, slotBase(s)) === 0);
      if (found === undefined) return null;
      const slot = found;
      nextSlot = (slot + 1) % SAMPLER_SLOTS;
      const id = (lastId = (lastId % 0x7fff_fffe) + 1);
      const base = slotBase(slot);
      Atomics.store(figures, slot * 2, BigInt(start.cpuTicks));
      Atomics.store(figures, slot * 2 + 1, BigInt(start.rssBytes));
      Atomics.store(control, base + 1, pid);
      Atomics.store(control, base + 2, everyMs);
      Atomics.store(control, base, id);
      changed();
      return {
        release() {
          const sampled = { cpuTicks: Number(Atomics.load(figures, slot * 2)), rssBytes: Number(Atomics.load(figures, slot * 2 + 1)) };
          Atomics.store(control, base, 0);
          changed();
          return sampled;
        },
      };
    },
  };
}

/** RSS of the process and its descendants now, bytes: measured before load, the side's idle figure. */
export function idleRss(pid: number): number {
  requireProcess(pid);
  return readMembers(treeOf(pid)).rssBytes;
}

let userHz: number | undefined;
/** USER_HZ, the unit of /proc's CPU times: 100 on nearly every Linux, asked once. */
function clockTicksPerSecond(): number {
  if (userHz === undefined) {
    try {
      const asked = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      userHz = Number.isInteger(asked) && asked > 0 ? asked : 100;
    } catch {
      userHz = 100;
    }
  }
  return userHz;
}

export function requireProcess(pid: number): void {
  if (!processUsageSupported()) throw new ParityError('USAGE', PROCESS_USAGE_UNSUPPORTED, { hint: 'run the bench on Linux to measure CPU and memory, or leave out the PIDs' });
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new ParityError('USAGE', `${pid} is not a process id`, { hint: 'pass the PID of the running service, a positive integer' });
  if (readProcStat(pid) === null) {
    throw new ParityError('USAGE', `no process ${pid} is running (or it is not visible to this user)`, {
      hint: 'pass the PID of the running service (e.g. from `pgrep -f NAME`), or let Parity start it with --legacy-cmd / --candidate-cmd',
    });
  }
}
