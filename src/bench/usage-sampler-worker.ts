import { parentPort, workerData } from 'node:worker_threads';
import { WatchedTree } from './proc-tree.js';
import { SAMPLER_SLOTS, slotBase, type SamplerShared } from './usage-sampler-layout.js';

/**
 * The sampling thread of `watchProcess`, one for the whole process: reading /proc takes from tens
 * of µs to milliseconds (one file per thread of the service when finding its descendants), which
 * on the harness's event loop would make sends late. Here it sleeps in Atomics.wait until the next
 * sample is due or a watch starts or stops, and never touches that loop.
 */
if (!parentPort) throw new Error('usage-sampler-worker must run in a worker thread');
const shared = workerData as SamplerShared;
const control = new Int32Array(shared.control);
const figures = new BigInt64Array(shared.figures);

interface Watched {
  readonly id: number;
  readonly tree: WatchedTree;
  readonly everyMs: number;
  dueAt: number;
}
const watched = new Map<number, Watched>();

const raise = (index: number, value: number) => {
  if (BigInt(value) > Atomics.load(figures, index)) Atomics.store(figures, index, BigInt(value));
};

parentPort.postMessage('sampling');
for (;;) {
  const seen = Atomics.load(control, 0);
  const now = performance.now();
  for (let slot = 0; slot < SAMPLER_SLOTS; slot++) {
    const base = slotBase(slot);
    const id = Atomics.load(control, base);
    if (id === 0) watched.delete(slot);
    else if (watched.get(slot)?.id !== id) {
      const everyMs = Atomics.load(control, base + 2);
      watched.set(slot, { id, tree: new WatchedTree(Atomics.load(control, base + 1)), everyMs, dueAt: now + everyMs });
    }
  }
  let nextDue = Infinity;
  for (const [slot, watch] of watched) {
    if (performance.now() >= watch.dueAt) {
      const reading = watch.tree.read(false);
      // A process that exits mid-window keeps what was read before it went; a watch stopped meanwhile takes nothing.
      if (reading.processes > 0 && Atomics.load(control, slotBase(slot)) === watch.id) {
        raise(slot * 2, reading.cpuTicks);
        raise(slot * 2 + 1, reading.rssBytes);
      }
      watch.dueAt = Math.max(watch.dueAt + watch.everyMs, performance.now());
    }
    nextDue = Math.min(nextDue, watch.dueAt);
  }
  Atomics.wait(control, 0, seen, nextDue === Infinity ? undefined : Math.max(0, nextDue - performance.now()));
}
