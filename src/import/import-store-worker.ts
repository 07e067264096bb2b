/**
 * The import's SQLite writes, on their own thread: the main thread reads, parses, checks and
 * redacts the next batch while this one inserts the last (see import-writer.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
// The two modules it uses, not the store's index: every module more is load time before the first insert.
import { openCapture } from '../store/capture-file.js';
import { CaptureWriter } from '../store/writer.js';
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from './import-writer.js';
import { forEachPackedRow, INSERT_PACKED_ROW, type PackedRows } from './packed-rows.js';

if (!parentPort) throw new Error('import-store-worker must run in a worker thread');
const port = parentPort;
const send = (message: FromImportWorker) => port.postMessage(message);
const { file } = workerData as ImportWorkerData;

let writer: CaptureWriter | undefined;
/** One transaction per batch, as CaptureWriter.appendRows, with the values bound by position off the packed buffer. */
let insertBatch: ((rows: PackedRows) => void) | undefined;
/** Set by the first failed write: the import is over, later batches are not written. */
let failed = false;

function fail(error: unknown): void {
  failed = true;
  const code = (error as { code?: unknown } | null)?.code;
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}), ...(writer?.unwritable(error) !== undefined ? { unwritable: true } : {}) });
}

function close(): void {
  try {
    writer?.close();
    send({ type: 'closed' });
  } catch (error) {
    send({ type: 'closed', error: error instanceof Error ? error.message : String(error) });
  }
  port.close();
}

port.on('message', (message: ToImportWorker) => {
  if (message.type === 'close') return close();
  if (failed || !insertBatch) return;
  try {
    insertBatch(message.rows);
    send({ type: 'written', count: message.rows.count });
  } catch (error) {
    fail(error);
  }
});

try {
  const { db } = openCapture(file, { readonly: false });
  writer = new CaptureWriter(db);
  const insert = db.prepare(INSERT_PACKED_ROW);
  const run = (values: unknown[]) => insert.run(values);
  insertBatch = db.transaction((rows: PackedRows) => forEachPackedRow(rows, run));
  send({ type: 'ready' });
} catch (error) {
  fail(error);
}
