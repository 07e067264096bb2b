import { createHash, type Hash } from 'node:crypto';

/**
 * Collects the first `cap` bytes of a streamed body (plus `lookahead` more) and remembers whether
 * more went by. A body that crosses the cap is hashed (SHA-256) and counted whole, so that two cut
 * bodies can still be compared; the hash starts only then, so a body under the cap costs nothing
 * more than it did. A cap of 0 keeps, counts and hashes nothing: that is an exchange not recorded.
 */
export class CappedBody {
  readonly #cap: number;
  readonly #keep: number;
  #chunks: Buffer[] = [];
  #kept = 0;
  #seen = 0;
  #hash: Hash | undefined;
  #digest: string | undefined;

  constructor(cap: number, lookahead = 0) {
    this.#cap = cap;
    this.#keep = cap === 0 ? 0 : cap + lookahead;
  }

  add(chunk: Buffer): void {
    this.#seen += chunk.length;
    if (this.#hash) this.#hash.update(chunk);
    else if (this.#seen > this.#cap && this.#cap > 0) {
      // Every byte before this chunk was under the cap, so all of it is kept: hash it, then this chunk.
      this.#hash = createHash('sha256');
      for (const kept of this.#chunks) this.#hash.update(kept);
      this.#hash.update(chunk);
    }
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

  /** The whole body's length in bytes, counted as it streamed. */
  get fullLength(): number {
    return this.#seen;
  }

  /** The whole body's SHA-256 (hex) once the body is complete, for a body that crossed the cap; undefined otherwise. */
  sha256(): string | undefined {
    if (this.#hash) {
      this.#digest = this.#hash.digest('hex');
      this.#hash = undefined;
    }
    return this.#digest;
  }

  /** For a cut body, its whole length and hash as an answer carries them (`fullLength`, `sha256`); nothing for a body kept whole. */
  whole(): { fullLength?: number; sha256?: string } {
    if (!this.truncated) return {};
    const sha256 = this.sha256();
    return sha256 === undefined ? { fullLength: this.#seen } : { fullLength: this.#seen, sha256 };
  }

  bytes(): Buffer {
    return this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks, this.#kept);
  }
}
