import { existsSync } from 'node:fs';
import { listOrEmpty, listPids, readOrNull, readProcStat } from './proc-files.js';

export interface TreeReading {
  /** Processes of the tree read; 0 once the root has gone. */
  readonly processes: number;
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

/**
 * Every live process of the tree counts its own CPU and that of the children it has reaped
 * (cutime, cstime): a descendant that exits mid-window moves its ticks into its parent's rather
 * than losing them, so the tree's total only ever grows.
 */
export function readMembers(members: readonly number[]): TreeReading {
  let processes = 0;
  let cpuTicks = 0;
  let rssBytes = 0;
  for (const pid of members) {
    const stat = readProcStat(pid);
    if (!stat) continue;
    processes += 1;
    cpuTicks += stat.ticks;
    rssBytes += readRssBytes(pid);
  }
  return { processes, cpuTicks, rssBytes };
}

/** A zombie has no VmRSS line: it holds no memory. */
function readRssBytes(pid: number): number {
  const text = readOrNull(`/proc/${pid}/status`);
  const kb = text === null ? null : /^VmRSS:\s+(\d+)\s*kB/m.exec(text)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** The root and its descendants, walked from each thread's list of children. */
export function treeOf(root: number): number[] {
  if (!childrenListed()) return treeByScan(root);
  const tree: number[] = [];
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    tree.push(pid);
    for (const tid of listOrEmpty(`/proc/${pid}/task`)) {
      const children = readOrNull(`/proc/${pid}/task/${tid}/children`);
      if (children) for (const child of children.trim().split(' ')) if (child) pending.push(Number(child));
    }
  }
  return tree;
}

/** Kernels built without CONFIG_PROC_CHILDREN: every process's parent, read from its stat. */
function treeByScan(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of listPids()) {
    const stat = readProcStat(entry);
    if (stat) childrenOf.set(stat.ppid, [...(childrenOf.get(stat.ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    tree.push(pid);
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return tree;
}

let childrenFileExists: boolean | undefined;
function childrenListed(): boolean {
  return (childrenFileExists ??= existsSync(`/proc/self/task/${process.pid}/children`));
}


/**
 * Finding the descendants reads a file per thread (a JVM has hundreds), so it is done about once
 * a second; between, the known members are read. A process born in between is counted once found
 * (its ticks are all from the window), or through its parent's once it has exited.
 */
const DISCOVERY_MS = 1_000;

export class WatchedTree {
  #members: number[] = [];
  #foundAt = -Infinity;
  constructor(readonly root: number) {}

  read(fresh: boolean): TreeReading {
    if (fresh || performance.now() - this.#foundAt >= DISCOVERY_MS) {
      this.#members = treeOf(this.root);
      this.#foundAt = performance.now();
    }
    return readMembers(this.#members);
  }
}
