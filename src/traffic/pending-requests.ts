import type { GeneratedRequest } from './generated-request.js';

export interface PlannedRequest {
  /** Epoch milliseconds at which the request is due. */
  readonly at: number;
  readonly request: GeneratedRequest;
}

interface Entry extends PlannedRequest {
  readonly order: number;
}

/**
 * Requests planned for later (the rest of a burst, the next payment of a daily-limit run), ordered
 * by due time, then by planning order, so a plan's requests due at the same instant stay together
 * and in order. A binary heap: scenarios plan minutes ahead, so it stays small.
 */
export class PendingRequests {
  readonly #heap: Entry[] = [];
  #order = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(planned: PlannedRequest): void {
    const heap = this.#heap;
    heap.push({ ...planned, order: this.#order++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  peek(): PlannedRequest | undefined {
    return this.#heap[0];
  }

  pop(): PlannedRequest | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
