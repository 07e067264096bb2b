/**
 * The capture writer, on its own thread: better-sqlite3 is synchronous, so a write, a checkpoint
 * or a lock wait on the proxy's thread would stall every proxied request. Redaction runs here too,
 * before the row is written, which keeps that CPU off the proxy's hot path.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NewExchange } from '../core/exchange.js';
import { CaptureWriter, openCapture } from '../store/index.js';
import { resolveRedaction } from '../redact/redaction-rules.js';
import { createRedactor, type RedactionRefusal } from '../redact/redactor.js';
import { lowerThisThreadPriority } from '../util/thread-priority.js';
import type { FromWorker, StoreWorkerData, ToWorker } from './sink-protocol.js';

// Under contention the proxy's thread must win: a recorded exchange can wait (or, past the queue
// bound, be dropped and counted); a proxied request must not.
lowerThisThreadPriority();

const port = parentPort;
if (!port) throw new Error('store-worker must run in a worker thread');
const data = workerData as StoreWorkerData;
const redact = createRedactor(resolveRedaction(data.redaction), { key: data.key, sealKey: data.sealKey, maxBodyBytes: data.maxBodyBytes });
const writer = new CaptureWriter(openCapture(data.file, { readonly: false }).db);
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    try {
      writer.close();
      send({ type: 'closed' });
    } catch (error) {
      send({ type: 'closed', error: String(error) });
    }
    return;
  }
  const refused: Partial<Record<RedactionRefusal, number>> = {};
  const clean: NewExchange[] = [];
  let withheld = 0;
  for (const exchange of message.exchanges) {
    const result = redact(exchange);
    if (result.ok) {
      clean.push(result.exchange);
      withheld += result.withheld;
    } else refused[result.reason] = (refused[result.reason] ?? 0) + 1;
  }
  try {
    writer.append(clean);
    send({ type: 'ack', id: message.id, written: clean.length, refused, withheld });
  } catch (error) {
    send({ type: 'ack', id: message.id, written: 0, refused, withheld, error: error instanceof Error ? error.message : String(error) });
  }
});
send({ type: 'ready' });
