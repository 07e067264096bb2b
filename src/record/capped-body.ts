/** Collects the first `cap` bytes of a streamed body and remembers whether more went by. */
export class CappedBody {
  readonly #cap: number;
  #chunks: Buffer[] = [];
  #kept = 0;
  #truncated = false;

  constructor(cap: number) {
    this.#cap = cap;
  }

  add(chunk: Buffer): void {
    const room = this.#cap - this.#kept;
    if (room <= 0) {
      this.#truncated ||= chunk.length > 0;
      return;
    }
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.#chunks.push(part);
    this.#kept += part.length;
    if (part.length < chunk.length) this.#truncated = true;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  bytes(): Buffer {
    return this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#kept);
  }
}
