/**
 * The capture writer, on its own thread: better-sqlite3 is synchronous, so a write, a checkpoint
 * or a lock wait on the proxy's thread would stall every proxied request. Redaction runs here too,
 * before the row is written, which keeps that CPU off the proxy's hot path. Its priority is the
 * sink's to set (see store-priority.ts): it reports its thread id for that.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NewExchange } from '../core/exchange.js';
import { CaptureWriter, openCapture } from '../store/index.js';
import { resolveRedaction } from '../redact/redaction-rules.js';
import { createRedactor, type RedactionRefusal } from '../redact/redactor.js';
import { thisThreadId } from '../util/thread-priority.js';
import { unpackBatch } from './batch-codec.js';
import type { FromWorker, StoreWorkerData, ToWorker } from './sink-protocol.js';

const port = parentPort;
if (!port) throw new Error('store-worker must run in a worker thread');
const data = workerData as StoreWorkerData;
const redact = createRedactor(resolveRedaction(data.redaction), { key: data.key, sealKey: data.sealKey, maxBodyBytes: data.maxBodyBytes });
const writer = new CaptureWriter(openCapture(data.file, { readonly: false }).db);
const send = (message: FromWorker) => port.postMessage(message);
/** Set once the capture is gone or unwritable: it is closed then, and nothing more is written. */
let lost: string | undefined;

function loseCapture(reason: string): void {
  lost = reason;
  // Closed now, not at stop: a deleted file's disk space is held until its last descriptor closes.
  try {
    writer.close();
  } catch {
    // Already reported as lost; a close that fails too has nothing more to say.
  }
}

function writeBatch(id: number, exchanges: readonly NewExchange[]): void {
  if (lost !== undefined || Atomics.load(data.abandon, 0) === 1) {
    send({ type: 'ack', id, written: 0, refused: {}, withheld: 0 });
    return;
  }
  const missing = writer.missing();
  if (missing !== undefined) {
    loseCapture(missing);
    send({ type: 'ack', id, written: 0, refused: {}, withheld: 0, error: missing, lost: true });
    return;
  }
  const refused: Partial<Record<RedactionRefusal, number>> = {};
  const clean: NewExchange[] = [];
  let withheld = 0;
  for (const exchange of exchanges) {
    const result = redact(exchange);
    if (result.ok) {
      clean.push(result.exchange);
      withheld += result.withheld;
    } else refused[result.reason] = (refused[result.reason] ?? 0) + 1;
  }
  try {
    writer.append(clean);
    send({ type: 'ack', id, written: clean.length, refused, withheld });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unwritable = writer.unwritable(error);
    if (unwritable !== undefined) loseCapture(unwritable);
    send({ type: 'ack', id, written: 0, refused, withheld, error: unwritable ?? message, ...(unwritable !== undefined ? { lost: true } : {}) });
  }
}

function close(): void {
  if (lost !== undefined) {
    send({ type: 'closed', lost });
    return;
  }
  // Deleted between the last batch and the stop: what was "written" went with it.
  const missing = writer.missing();
  try {
    writer.close();
    send({ type: 'closed', ...(missing !== undefined ? { lost: missing } : {}) });
  } catch (error) {
    send({ type: 'closed', error: String(error), ...(missing !== undefined ? { lost: missing } : {}) });
  }
}

port.on('message', (message: ToWorker) => (message.type === 'close' ? close() : writeBatch(message.id, unpackBatch(message))));
send({ type: 'ready', tid: thisThreadId() });
