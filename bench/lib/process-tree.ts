import { readdirSync, readFileSync } from 'node:fs';
import { readCpuMs, readMachineBusyMs, readRssBytes } from './measure.js';
import { mean, sampleEvery } from './record-measure.js';

/**
 * A process and every process below it (nginx's master and its worker; a node process is one
 * process whatever its threads, and /proc/<pid>/stat already sums them, store worker included).
 * Found by scanning /proc for parent links.
 */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Field 4 (ppid) is the second field after comm's closing parenthesis.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const siblings = children.get(parent);
    if (siblings) siblings.push(Number(entry));
    else children.set(parent, [Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] as number) ?? []));
  return tree;
}

/** A figure summed over processes; a process that has exited counts as 0. */
function sumOver(pids: readonly number[], read: (pid: number) => number): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += read(pid);
    } catch {
      // gone
    }
  }
  return total;
}

export interface TreeRss {
  readonly peakBytes: number;
  /** Mean of the samples in the first tenth of the phase (at least one sample). */
  readonly startBytes: number;
  /** Mean of the samples in the last tenth of the phase (at least one sample). */
  readonly endBytes: number;
  readonly samples: number;
}

/**
 * Samples the summed RSS of a process tree every `intervalMs`. The tree is listed once, at the
 * start: scanning /proc on every sample would cost the load generator, which shares the cores.
 */
export function traceTreeRss(root: number, intervalMs = 100): { stop(): TreeRss } {
  const pids = processTree(root);
  const trace = sampleEvery(() => sumOver(pids, readRssBytes), intervalMs);
  return {
    stop() {
      const samples = trace.stop();
      const tenth = Math.max(1, Math.floor(samples.length / 10));
      return { peakBytes: Math.max(...samples), startBytes: mean(samples.slice(0, tenth)), endBytes: mean(samples.slice(-tenth)), samples: samples.length };
    },
  };
}

export interface TreeCpu {
  /** CPU ms (user + system, all threads, all processes of the tree) each named tree used between start and stop. */
  readonly ms: Readonly<Record<string, number>>;
  /** Cores used by this process (the load generator). */
  readonly selfCores: number;
  /** Cores used by everything else on the machine: other work competing with the run. */
  readonly otherCores: number;
  readonly elapsedMs: number;
}

/** CPU used by several process trees over one phase, plus this process and the rest of the machine. */
export function treeCpuMeter(roots: Readonly<Record<string, number>>): { stop(): TreeCpu } {
  const names = Object.keys(roots);
  const trees = names.map((name) => processTree(roots[name] as number));
  const started = performance.now();
  const start = trees.map((pids) => sumOver(pids, readCpuMs));
  const selfStart = process.cpuUsage();
  const machineStart = readMachineBusyMs();
  return {
    stop() {
      const elapsedMs = performance.now() - started;
      const ms: Record<string, number> = {};
      names.forEach((name, i) => {
        ms[name] = sumOver(trees[i] ?? [], readCpuMs) - (start[i] ?? 0);
      });
      const usage = process.cpuUsage(selfStart);
      const selfCores = (usage.user + usage.system) / 1000 / elapsedMs;
      const machineCores = (readMachineBusyMs() - machineStart) / elapsedMs;
      const measuredCores = Object.values(ms).reduce((a, b) => a + b, 0) / elapsedMs + selfCores;
      return { ms, selfCores, otherCores: Math.max(0, machineCores - measuredCores), elapsedMs };
    },
  };
}
