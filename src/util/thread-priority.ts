import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread alone (Linux: a thread has its own id, and
 * setpriority applies to that thread only). Best effort: elsewhere, or if refused, nothing changes.
 * Returns whether it applied.
 */
export function lowerThisThreadPriority(niceness = 10): boolean {
  try {
    // /proc/thread-self links to <pid>/task/<tid> of the thread reading it.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
