import { getPriority } from 'node:os';
import { setThreadNiceness, thisThreadId } from '../util/thread-priority.js';

/**
 * The niceness of the harness's threads (the one that sends and the timer thread) while a window
 * runs. On a machine the harness shares with the services, a send is late when the scheduler runs
 * a service instead of the thread whose sleep just ended: on this project's 2-vCPU VM, with the
 * cores busy, a bare thread sleeping 0.5 ms woke over 1 ms late 3.2% of the time at nice 0 and
 * 0.5% at nice -15 (bench/README.md, "Load engine"). Raising needs CAP_SYS_NICE (root) or an
 * RLIMIT_NICE allowance; without either the harness runs at its normal priority and says so.
 */
export const HARNESS_NICENESS = -10;

/** A raised thread; `restore` puts its niceness back. */
export interface RaisedThread {
  restore(): void;
}

/** Raises the calling thread to HARNESS_NICENESS (never lowers it); null where not allowed. */
export function raiseThisThread(): RaisedThread | null {
  const tid = thisThreadId();
  if (tid === undefined) return null;
  const before = getPriority(tid);
  if (before <= HARNESS_NICENESS) return { restore: () => undefined };
  if (!setThreadNiceness(tid, HARNESS_NICENESS)) return null;
  return { restore: () => void setThreadNiceness(tid, before) };
}
