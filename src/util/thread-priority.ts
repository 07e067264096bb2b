import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The kernel's id of the calling thread (Linux: a thread has its own id, and setpriority on it
 * applies to that thread only), or undefined where threads have none to give.
 */
export function thisThreadId(): number | undefined {
  try {
    // /proc/thread-self links to <pid>/task/<tid> of the thread reading it.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the niceness of one thread, which may be another thread of this process. Best effort:
 * lowering a priority is always allowed, raising one needs CAP_SYS_NICE or RLIMIT_NICE, so it
 * returns whether it applied rather than throwing.
 */
export function setThreadNiceness(tid: number, niceness: number): boolean {
  try {
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
