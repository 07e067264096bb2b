import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Exchange, NewExchange } from '../core/exchange.js';
import { ParityError } from '../core/errors.js';
import { createCapture, openCapture, removeCapture, type CaptureDb } from './capture-file.js';
import { agreedMeta, assertDistinctFiles, originNames, type MergeInput, type OpenInput } from './merge-inputs.js';
import { withOrigin } from './origin.js';
import { CaptureReader } from './reader.js';
import { CaptureWriter } from './writer.js';

export type { MergeInput } from './merge-inputs.js';

export interface MergeOptions {
  /** The captures to merge, as paths or `{ file, origin }`; their order breaks ties in recorded time. */
  readonly inputs: readonly (string | MergeInput)[];
  /** The capture to create (never overwritten; removed if the merge does not finish). */
  readonly out: string;
  readonly createdBy: string;
  /** Merge captures that record no key fingerprint, trusting they were redacted under the same key. */
  readonly force?: boolean;
  /** Aborting stops the merge: INTERRUPTED, and no output is left. */
  readonly signal?: AbortSignal;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: MergeProgress) => void;
  /** Exchanges per transaction. Default 1,000. */
  readonly batchSize?: number;
}

export interface MergeProgress {
  readonly merged: number;
  readonly total: number;
}

export interface MergeResult {
  readonly out: string;
  readonly merged: number;
  /** Each input, in the order given, with its origin name and how many exchanges it gave. */
  readonly origins: readonly { readonly file: string; readonly origin: string; readonly exchanges: number }[];
  readonly keyFingerprint: string;
  /** Inputs without a key fingerprint, merged because of `force`. */
  readonly unverified: readonly string[];
  readonly elapsedMs: number;
}

/**
 * Merges captures (one per recorder of a service's instances) into a new one, in recorded-time
 * order; ties keep the inputs' order, then each input's sequence order. Exchanges are numbered
 * anew and tagged `origin:<name>` (see origin.ts). Streaming: one exchange per input is held at a
 * time, whatever the captures' sizes. Inputs must share a redaction engine and key (see
 * merge-inputs.ts); nothing is created when they do not.
 */
export async function mergeCaptures(options: MergeOptions): Promise<MergeResult> {
  const started = performance.now();
  const inputs = options.inputs.map((input) => (typeof input === 'string' ? { file: input } : input));
  const names = originNames(inputs);
  const open: OpenInput[] = [];
  try {
    inputs.forEach((input, i) => {
      const { db, meta } = openCapture(input.file, { readonly: true });
      open.push({ file: input.file, origin: names[i] ?? input.file, reader: new CaptureReader(db, meta) });
    });
    assertDistinctFiles(open);
    const meta = agreedMeta(open, options.force === true);
    const counts = open.map((input) => input.reader.count());
    const total = counts.reduce((sum, n) => sum + n, 0);
    const db = createCapture(options.out, {
      createdBy: options.createdBy,
      source: `merge of ${open.length} captures`,
      redaction: meta.redaction,
      ...(meta.keyFingerprint ? { keyFingerprint: meta.keyFingerprint } : {}),
    });
    const merged = await writeMerged(db, open, total, options).catch((error: unknown) => {
      discard(options.out, db);
      throw error;
    });
    return {
      out: options.out,
      merged,
      origins: open.map((input, i) => ({ file: input.file, origin: input.origin, exchanges: counts[i] ?? 0 })),
      keyFingerprint: meta.keyFingerprint,
      unverified: meta.unverified,
      elapsedMs: performance.now() - started,
    };
  } finally {
    for (const input of open) input.reader.close();
  }
}

async function writeMerged(db: CaptureDb, inputs: readonly OpenInput[], total: number, options: MergeOptions): Promise<number> {
  const writer = new CaptureWriter(db);
  const batchSize = options.batchSize ?? 1_000;
  let batch: NewExchange[] = [];
  let merged = 0;
  for (const exchange of mergeInRecordedOrder(inputs)) {
    batch.push(exchange);
    if (batch.length < batchSize) continue;
    writer.append(batch);
    merged += batch.length;
    batch = [];
    options.onProgress?.({ merged, total });
    // Reading and writing are synchronous: let progress timers and Ctrl-C in between batches.
    await nextTurn();
    if (options.signal?.aborted) throw new ParityError('INTERRUPTED', `merge interrupted after ${merged.toLocaleString('en')} of ${total.toLocaleString('en')} exchanges; ${options.out} removed`, { hint: 'run the merge again and let it finish' });
  }
  writer.append(batch);
  merged += batch.length;
  options.onProgress?.({ merged, total });
  writer.close();
  return merged;
}

/** A k-way merge of the inputs' recorded-time streams, each exchange tagged with its origin and left to be numbered anew. */
function* mergeInRecordedOrder(inputs: readonly OpenInput[]): Generator<NewExchange> {
  const streams = inputs.map((input) => ({ origin: input.origin, rows: input.reader.inRecordedOrder(), head: undefined as Exchange | undefined }));
  for (const stream of streams) stream.head = stream.rows.next().value ?? undefined;
  for (;;) {
    // A linear scan for the earliest head: inputs are recorders, a handful to a few dozen; the
    // first of equal times wins, which keeps the inputs' order on ties.
    let next: (typeof streams)[number] | undefined;
    for (const stream of streams) {
      if (stream.head !== undefined && (next?.head === undefined || stream.head.recordedAt < next.head.recordedAt)) next = stream;
    }
    const head = next?.head;
    if (next === undefined || head === undefined) return;
    next.head = next.rows.next().value ?? undefined;
    yield { ...head, seq: undefined, tags: withOrigin(head.tags, next.origin) };
  }
}

function discard(out: string, db: CaptureDb): void {
  try {
    if (db.open) db.close();
  } catch {
    // The file is removed below whatever state the connection was in.
  }
  removeCapture(out);
}
