/**
 * Per-key FIFO lanes with one consumer each and a bound on everything queued. Requests for the
 * same key always land in the same lane, so a lane's consumer sends them one after another, in
 * the order they were queued.
 */
export class Lanes<T> {
  readonly #queues: T[][];
  readonly #wakers: ((() => void) | undefined)[];
  readonly #capacity: number;
  #queued = 0;
  #spaceWaiter: (() => void) | undefined;
  #closed = false;

  constructor(count: number, capacity: number) {
    this.#queues = Array.from({ length: count }, () => []);
    this.#wakers = Array.from({ length: count }, () => undefined);
    this.#capacity = capacity;
  }

  get count(): number {
    return this.#queues.length;
  }

  laneOf(key: string): number {
    // FNV-1a: cheap, stable, well spread over short ids.
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % this.#queues.length;
  }

  /** Queues `item` on its key's lane; resolves once there is room for more. */
  async push(key: string, item: T): Promise<void> {
    const lane = this.laneOf(key);
    this.#queues[lane]!.push(item);
    this.#queued++;
    this.#wake(lane);
    while (this.#queued >= this.#capacity && !this.#closed) await new Promise<void>((resolve) => (this.#spaceWaiter = resolve));
  }

  /** The lane's next item, waiting for one; undefined once the lanes are closed and this one is empty. */
  async take(lane: number): Promise<T | undefined> {
    const queue = this.#queues[lane]!;
    while (queue.length === 0) {
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => (this.#wakers[lane] = resolve));
    }
    this.#queued--;
    const waiter = this.#spaceWaiter;
    this.#spaceWaiter = undefined;
    waiter?.();
    return queue.shift();
  }

  /** No more items will come: consumers drain what is queued, then get undefined. */
  close(): void {
    this.#closed = true;
    this.#queues.forEach((_, lane) => this.#wake(lane));
    this.#spaceWaiter?.();
  }

  /** Drops everything queued and closes (on interrupt). */
  abandon(): void {
    for (const queue of this.#queues) queue.length = 0;
    this.#queued = 0;
    this.close();
  }

  #wake(lane: number): void {
    const waker = this.#wakers[lane];
    this.#wakers[lane] = undefined;
    waker?.();
  }
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, never two items of the same key
 * at once, and items of one key in the order they come: each key hashes to one lane, and a lane
 * works one item at a time. Pulls `items` lazily, so memory stays bounded whatever their number.
 * Stops pulling when `signal` aborts (items in flight finish); rethrows the first failure of `work`.
 */
export async function drainInLanes<T>(
  items: Iterator<T>,
  keyOf: (item: T) => string,
  concurrency: number,
  work: (item: T) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  const lanes = new Lanes<T>(concurrency, concurrency * 64);
  const stop = () => lanes.abandon();
  signal?.addEventListener('abort', stop, { once: true });
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: lanes.count }, async (_, lane) => {
    try {
      for (let item = await lanes.take(lane); item !== undefined && !signal?.aborted; item = await lanes.take(lane)) await work(item);
    } catch (error) {
      failure ??= { error };
      lanes.abandon();
    }
  });
  try {
    for (let next = items.next(); !next.done && !signal?.aborted && !failure; next = items.next()) await lanes.push(keyOf(next.value), next.value);
    lanes.close();
  } catch (error) {
    failure ??= { error };
    lanes.abandon();
  } finally {
    await Promise.all(workers);
    signal?.removeEventListener('abort', stop);
  }
  if (failure) throw failure.error;
}
