import type { NewExchange, Reply } from '../core/exchange.js';

/** A batch of exchanges as it crosses to the store worker: one string and one transferred buffer. */
export interface PackedBatch {
  /** The exchanges as JSON, each body replaced by its length in `bodies`. */
  readonly meta: string;
  /** Every body of the batch end to end, in order: request, then response, exchange after exchange. */
  readonly bodies: ArrayBuffer;
}

/** An exchange as written into `meta`: its bodies are lengths. */
type PackedExchange = Omit<NewExchange, 'requestBody' | 'response'> & { readonly requestBody: number; readonly response: PackedReply };
type PackedReply = Exclude<Reply, { kind: 'answer' }> | (Omit<Extract<Reply, { kind: 'answer' }>, 'body'> & { readonly body: number });

/**
 * Packs a batch for postMessage. A structured clone of the exchanges walks every object, header
 * pair and string, writing each property name again; JSON does the same work in V8's fast path,
 * and the bodies, copied into one buffer that is moved rather than cloned, cost a copy each. A
 * body is usually a view into a larger buffer (the socket's read buffer, Node's 8 KiB pool), and
 * cloning a view would clone its whole buffer.
 */
export function packBatch(batch: readonly NewExchange[]): PackedBatch {
  let total = 0;
  for (const e of batch) total += e.requestBody.byteLength + (e.response.kind === 'answer' ? e.response.body.byteLength : 0);
  const arena = new Uint8Array(total);
  let at = 0;
  const place = (body: Uint8Array): number => {
    arena.set(body, at);
    at += body.byteLength;
    return body.byteLength;
  };
  const packed = batch.map((e): PackedExchange => {
    const requestBody = place(e.requestBody);
    const r = e.response;
    return { ...e, requestBody, response: r.kind === 'answer' ? { ...r, body: place(r.body) } : r };
  });
  return { meta: JSON.stringify(packed), bodies: arena.buffer };
}

/** The exchanges of a packed batch, their bodies views into `bodies` (no copy). */
export function unpackBatch({ meta, bodies }: PackedBatch): NewExchange[] {
  const packed = JSON.parse(meta) as PackedExchange[];
  let at = 0;
  const take = (length: number): Uint8Array => {
    const view = new Uint8Array(bodies, at, length);
    at += length;
    return view;
  };
  return packed.map((e): NewExchange => {
    const requestBody = take(e.requestBody);
    const r = e.response;
    return { ...e, requestBody, response: r.kind === 'answer' ? { ...r, body: take(r.body) } : r };
  });
}
