import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect, onTestFinished, test } from 'vitest';
import { StorePriority } from '../../src/record/store-priority.js';
import { setThreadNiceness } from '../../src/util/thread-priority.js';

const niceOf = (tid: number) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);

/** A real thread of this process, idle until the test ends; its kernel thread id. */
async function idleThread(): Promise<number> {
  const worker = new Worker(`require('node:worker_threads').parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())); setInterval(() => {}, 1000);`, { eval: true });
  onTestFinished(() => worker.terminate().then(() => undefined));
  return new Promise((resolve) => worker.once('message', resolve));
}

test.runIf(process.platform === 'linux')('the store worker is lowered only where it can be raised again, and raised as soon as it starves', async () => {
  const probe = await idleThread();
  const canRaise = setThreadNiceness(probe, -1);
  const tid = await idleThread();
  const priority = new StorePriority(tid);
  const now = Date.now();
  if (!canRaise) {
    // Lowered for good would starve it beside any busy neighbour: it stays at a normal priority.
    expect(niceOf(tid)).toBe(0);
    priority.update(1_000, now);
    expect(niceOf(tid)).toBe(0);
    return;
  }
  expect(niceOf(tid)).toBe(10);
  priority.update(50, now);
  expect(niceOf(tid)).toBe(10);
  priority.update(250, now + 100);
  expect(niceOf(tid)).toBe(0);
  // Caught up, but not lowered again at once: a busy stretch would make it a see-saw.
  priority.update(0, now + 1_000);
  expect(niceOf(tid)).toBe(0);
  priority.update(0, now + 5_200);
  expect(niceOf(tid)).toBe(10);
});
