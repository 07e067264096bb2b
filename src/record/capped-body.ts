/**
 * Bytes kept past the cap of a truncated body, so redaction sees a card number that crosses the
 * cap whole (19 digits with `%20` between each is 73 characters); the body is cut to the cap only
 * once it is clean (see createRedactor's maxBodyBytes).
 */
export const TRUNCATION_LOOKAHEAD = 128;

/** Collects the first `cap` bytes of a streamed body (plus the lookahead) and remembers whether more went by. */
export class CappedBody {
  readonly #cap: number;
  readonly #keep: number;
  #chunks: Buffer[] = [];
  #kept = 0;
  #seen = 0;

  constructor(cap: number) {
    this.#cap = cap;
    this.#keep = cap === 0 ? 0 : cap + TRUNCATION_LOOKAHEAD;
  }

  add(chunk: Buffer): void {
    this.#seen += chunk.length;
    const room = this.#keep - this.#kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.#chunks.push(part);
    this.#kept += part.length;
  }

  /** More than the cap went by: what is kept is not the whole body. */
  get truncated(): boolean {
    return this.#seen > this.#cap;
  }

  bytes(): Buffer {
    return this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#kept);
  }
}
