import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Runs `fn` `n` times in sequence (never concurrently: runs must not compete for the CPU). */
export async function repeat<T>(n: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await fn(i));
  return results;
}

/** The median; the mean of the two middle values for an even count. NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * Nearest-rank percentiles (p in 0..100) of a sample, e.g. `percentiles(xs, [50, 99, 99.9])`.
 * Sorts a copy; a Float64Array keeps a few hundred thousand samples cheap.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => {
    if (sorted.length === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
  });
}

/** A growable buffer of float samples (response times), cheaper than a number[] at 10^5 entries. */
export class Samples {
  #data: Float64Array;
  #length = 0;

  constructor(initialCapacity = 1 << 16) {
    this.#data = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  values(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }
}

/** Resident set size of a process in bytes, from `VmRSS` in /proc/<pid>/status (Linux only). */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `intervalMs` until `stop()`, which returns the peak and the sample count. */
export function sampleRss(pid: number, intervalMs = 100): { stop(): { peakBytes: number; samples: number } } {
  let peakBytes = readRssBytes(pid);
  let samples = 1;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, readRssBytes(pid));
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peakBytes = Math.max(peakBytes, readRssBytes(pid));
      return { peakBytes, samples: samples + 1 };
    },
  };
}

/** Linux reports utime/stime in USER_HZ ticks, which is 100 on every mainstream architecture (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may contain spaces: split after its closing parenthesis. utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Busy CPU time of the whole machine so far (all cores, everything but idle and iowait), in ms, from /proc/stat. */
export function readMachineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal ...
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Measures the CPU share (1 = one full core) used between start and stop by a process (`pid`),
 * by this process, and by everything else on the machine (`others`: other processes competing for
 * the cores, which makes a run noisy).
 */
export function cpuMeter(pid: number): { stop(): { child: number; self: number; others: number } } {
  const started = performance.now();
  const childStart = readCpuMs(pid);
  const selfStart = process.cpuUsage();
  const machineStart = readMachineBusyMs();
  return {
    stop() {
      const elapsed = performance.now() - started;
      const selfUsage = process.cpuUsage(selfStart);
      const child = (readCpuMs(pid) - childStart) / elapsed;
      const self = (selfUsage.user + selfUsage.system) / 1000 / elapsed;
      const machine = (readMachineBusyMs() - machineStart) / elapsed;
      return { child, self, others: Math.max(0, machine - child - self) };
    },
  };
}

export const MB = 1024 * 1024;

/** Prints rows as an aligned text table (first column left-aligned, the others right-aligned). */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], write: (line: string) => void = console.log): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  write(line(header));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) write(line(row));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A bench's flags, parsed: an unknown or malformed flag ends the bench with one line and exit code 2, not a stack trace. */
export function benchFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)} (--help lists the options)`);
    process.exit(2);
  }
}

/** A positive whole number from a bench flag; anything else ends the bench with exit code 2. */
export function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${flag} expects a positive whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

/** A figure for a table: `n/a` when it could not be measured. */
export function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** The median of one figure over the runs, and its range as text for a table. */
export function acrossRuns<R>(runs: readonly R[]) {
  return {
    median: (pick: (run: R) => number) => median(runs.map(pick)),
    range: (pick: (run: R) => number, digits: number) => {
      const values = runs.map(pick);
      return `${fmt(Math.min(...values), digits)} – ${fmt(Math.max(...values), digits)}`;
    },
  };
}

/** Runs a bench's main; a failure prints its stack and exits 1; `cleanup` (killing servers) runs either way. */
export async function runBench(main: () => Promise<void>, cleanup: () => void): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`\nbench failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  } finally {
    cleanup();
  }
}
