import type { NewExchange, Reply } from '../core/exchange.js';

/** A batch of exchanges as it crosses to the store worker: one string and one transferred buffer. */
export interface PackedBatch {
  /** The exchanges as JSON, each body replaced by its length in `bodies`. */
  readonly meta: string;
  /** Every body of the batch end to end, in order: request, then response, exchange after exchange; unused bytes may follow. */
  readonly bodies: ArrayBuffer;
}

/** An exchange as written into `meta`: its bodies are lengths. */
type PackedExchange = Omit<NewExchange, 'requestBody' | 'response'> & { readonly requestBody: number; readonly response: PackedReply };
type PackedReply = Exclude<Reply, { kind: 'answer' }> | (Omit<Extract<Reply, { kind: 'answer' }>, 'body'> & { readonly body: number });

/**
 * Packs a batch for postMessage, one exchange at a time as each is offered, so that sending a
 * batch is a post and not a pause: packing ~170 exchanges at the sink's tick held up the request
 * in flight then by about a millisecond, the recorder's p99. A structured clone of the exchanges
 * walks every object, header pair and string, writing each property name again; JSON does the
 * same work in V8's fast path. The bodies are copied into one buffer that is moved rather than
 * cloned: a body is usually a view into a larger buffer (the socket's read buffer, Node's 8 KiB
 * pool), and cloning a view would clone its whole buffer, and holding it until the tick would
 * keep that buffer alive.
 */
export class BatchPacker {
  #meta: string[] = [];
  #arena: Uint8Array<ArrayBuffer>;
  #at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.#arena = new Uint8Array(initialBytes);
  }

  get count(): number {
    return this.#meta.length;
  }

  /** The body bytes of the batch so far. */
  get bodyBytes(): number {
    return this.#at;
  }

  add(e: NewExchange): void {
    const requestBody = this.#place(e.requestBody);
    const r = e.response;
    const packed: PackedExchange = { ...e, requestBody, response: r.kind === 'answer' ? { ...r, body: this.#place(r.body) } : r };
    this.#meta.push(JSON.stringify(packed));
  }

  /** The batch so far; the packer starts a new one, its arena sized from this one. */
  take(): PackedBatch {
    const used = this.#at;
    const arena = this.#arena;
    // Moved whole when it is mostly full; a copy of what is used when most of it would travel empty.
    const bodies = used >= arena.byteLength * 0.75 ? arena.buffer : arena.buffer.slice(0, used);
    const batch: PackedBatch = { meta: `[${this.#meta.join(',')}]`, bodies };
    this.#meta = [];
    this.#arena = new Uint8Array(Math.max(used + (used >> 2), 4 * 1024));
    this.#at = 0;
    return batch;
  }

  #place(body: Uint8Array): number {
    const length = body.byteLength;
    if (this.#at + length > this.#arena.byteLength) {
      const grown = new Uint8Array(Math.max(this.#arena.byteLength * 2, this.#at + length));
      grown.set(this.#arena.subarray(0, this.#at));
      this.#arena = grown;
    }
    this.#arena.set(body, this.#at);
    this.#at += length;
    return length;
  }
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
