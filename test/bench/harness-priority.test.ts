import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { getPriority } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { HARNESS_NICENESS, raiseThisThread } from '../../src/bench/harness-priority.js';
import { thisThreadId } from '../../src/util/thread-priority.js';

// Raising a priority needs CAP_SYS_NICE: these run where the test runs as root (CI does), which is
// also what lets the second one drop to an unprivileged user to see the fallback.
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
const PROBE = fileURLToPath(new URL('../fixtures/bench/priority-probe.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Whether another user can reach the checkout (not so under a 0700 home folder): the fallback test runs as one. */
function othersCanReach(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o005) !== 0o005) return false;
    if (dirname(dir) === dir) return true;
  }
}

function probe(user?: { uid: number; gid: number }): { completed: number; raisedPriority: boolean; niceAfter: number } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', PROBE], { cwd: REPO, encoding: 'utf8', timeout: 30_000, ...user });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { completed: number; raisedPriority: boolean; niceAfter: number };
}

describe('the harness priority', () => {
  test.runIf(asRoot)('with the right to: the sending thread runs raised for the window and is put back after', () => {
    const tid = thisThreadId() as number;
    const before = getPriority(tid);
    const raised = raiseThisThread();
    expect(raised).not.toBeNull();
    expect(getPriority(tid)).toBe(HARNESS_NICENESS);
    raised?.restore();
    expect(getPriority(tid)).toBe(before);
    // A whole window: both threads raised, and the sender back to normal afterwards.
    expect(probe()).toEqual({ completed: 60, raisedPriority: true, niceAfter: 0 });
  });

  test.runIf(asRoot && othersCanReach(REPO))('without it (an unprivileged user): the window runs at a normal priority and says so', () => {
    expect(probe({ uid: 65534, gid: 65534 })).toEqual({ completed: 60, raisedPriority: false, niceAfter: 0 });
  });
});
