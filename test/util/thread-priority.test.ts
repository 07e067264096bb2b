import { readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';

const onLinux = process.platform === 'linux';

describe('setThreadNiceness(thisThreadId())', () => {
  test.runIf(onLinux)('lowers the calling thread only, not the process', async () => {
    const moduleUrl = new URL('../../src/util/thread-priority.ts', import.meta.url).href;
    const script = `
      const { parentPort } = require('node:worker_threads');
      import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl)}); }).then((m) => {
        const applied = m.setThreadNiceness(m.thisThreadId(), 7);
        const fs = require('node:fs');
        const stat = fs.readFileSync('/proc/' + fs.readlinkSync('/proc/thread-self') + '/stat', 'utf8');
        parentPort.postMessage({ applied, nice: Number(stat.split(') ')[1].split(' ')[16]) });
      });`;
    const reply = await new Promise<{ applied: boolean; nice: number }>((resolve, reject) => {
      const worker = new Worker(script, { eval: true });
      worker.once('message', (m: { applied: boolean; nice: number }) => void worker.terminate().then(() => resolve(m)));
      worker.once('error', reject);
    });
    expect(reply).toEqual({ applied: true, nice: 7 });
    const niceOf = (task: string) => Number(readFileSync(`/proc/${task}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]);
    expect(niceOf(readlinkSync('/proc/thread-self'))).toBe(0);
  });
});
