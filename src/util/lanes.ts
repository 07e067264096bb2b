/**
 * Per-key FIFO lanes with one consumer each, a queue of free items (no key) any idle consumer
 * takes, and a bound on everything queued. Items for the same key always land in the same lane,
 * so a lane's consumer sends them one after another, in the order they were queued.
 */
export class Lanes<T> {
  readonly #queues: T[][];
  readonly #wakers: ((() => void) | undefined)[];
  /** Items without a key, in arrival order; whichever consumer is idle takes the next. */
  readonly #free: T[] = [];
  #freeHead = 0;
  readonly #capacity: number;
  readonly #freeCapacity: number;
  #queued = 0;
  #spaceWaiter: (() => void) | undefined;
  #closed = false;

  /**
   * `capacity` bounds all queued items. Free items are bounded further by `freeCapacity`: any idle
   * consumer takes one, so a queue as long as the consumers are many keeps them all busy, and more
   * would only hold exchanges (their bodies) in memory before their turn.
   */
  constructor(count: number, capacity: number, freeCapacity = capacity) {
    this.#queues = Array.from({ length: count }, () => []);
    this.#wakers = Array.from({ length: count }, () => undefined);
    this.#capacity = capacity;
    this.#freeCapacity = freeCapacity;
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

  /** Queues `item` on its key's lane, or as a free item without one; resolves once there is room for more. */
  async push(key: string | undefined, item: T): Promise<void> {
    if (key === undefined) {
      this.#free.push(item);
      this.#wakeIdle();
    } else {
      const lane = this.laneOf(key);
      this.#queues[lane]!.push(item);
      this.#wake(lane);
    }
    this.#queued++;
    while (this.#full() && !this.#closed) await new Promise<void>((resolve) => (this.#spaceWaiter = resolve));
  }

  /** The lane's next item (its own first, then a free one), waiting for one; undefined once the lanes are closed and empty for it. */
  async take(lane: number): Promise<T | undefined> {
    const queue = this.#queues[lane]!;
    for (;;) {
      if (queue.length > 0) return this.#took(queue.shift());
      if (this.#freeHead < this.#free.length) return this.#took(this.#takeFree());
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => (this.#wakers[lane] = resolve));
    }
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
    this.#free.length = 0;
    this.#freeHead = 0;
    this.#queued = 0;
    this.close();
  }

  #full(): boolean {
    return this.#queued >= this.#capacity || this.#free.length - this.#freeHead >= this.#freeCapacity;
  }

  #took(item: T | undefined): T | undefined {
    this.#queued--;
    if (!this.#full()) {
      const waiter = this.#spaceWaiter;
      this.#spaceWaiter = undefined;
      waiter?.();
    }
    return item;
  }

  /**
   * Takes from the head by index (shift() on a long array copies it). The taken slots are dropped
   * once drained, or once they are most of the array: a queue never empty under steady load would
   * otherwise keep one slot per exchange of the whole capture.
   */
  #takeFree(): T | undefined {
    const item = this.#free[this.#freeHead];
    this.#free[this.#freeHead++] = undefined as T;
    if (this.#freeHead === this.#free.length) {
      this.#free.length = 0;
      this.#freeHead = 0;
    } else if (this.#freeHead >= 1_024 && this.#freeHead * 2 >= this.#free.length) {
      this.#free.splice(0, this.#freeHead);
      this.#freeHead = 0;
    }
    return item;
  }

  #wake(lane: number): void {
    const waker = this.#wakers[lane];
    this.#wakers[lane] = undefined;
    waker?.();
  }

  /** Wakes one waiting consumer for a free item (any will do). */
  #wakeIdle(): void {
    const lane = this.#wakers.findIndex((waker) => waker !== undefined);
    if (lane !== -1) this.#wake(lane);
  }
}

/** Items queued per consumer for keyed lanes: room for a hot key's lane to run ahead of idle ones. */
const QUEUED_PER_LANE = 64;
/** Free items queued per consumer: any idle consumer takes the next, so a short queue keeps all busy. */
const FREE_QUEUED_PER_LANE = 2;

/**
 * Runs `work` over `items` with at most `concurrency` in flight, never two items of the same key
 * at once, and items of one key in the order they come: each key hashes to one lane, and a lane
 * works one item at a time. Items whose key is undefined are free: the next idle lane takes them.
 * Pulls `items` lazily, so memory stays bounded whatever their number. Stops pulling when `signal`
 * aborts (items in flight finish); rethrows the first failure of `work`.
 */
export async function drainInLanes<T>(
  items: Iterator<T>,
  keyOf: (item: T) => string | undefined,
  concurrency: number,
  work: (item: T) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  const lanes = new Lanes<T>(concurrency, concurrency * QUEUED_PER_LANE, concurrency * FREE_QUEUED_PER_LANE);
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
