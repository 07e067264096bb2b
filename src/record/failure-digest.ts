/**
 * Turns a run of repeated failures into one line per interval. The first failure is told at once;
 * the ones after it, within the interval, are counted and told together when it ends, as
 * "56 failures in the last 5 s: <the last message>". A store failing on every batch otherwise
 * prints ten identical lines a second, and the one that matters scrolls away.
 */
export class FailureDigest {
  readonly #intervalMs: number;
  readonly #tell: (message: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #count = 0;
  #last = '';

  constructor(intervalMs: number, tell: (message: string) => void) {
    this.#intervalMs = intervalMs;
    this.#tell = tell;
  }

  add(message: string): void {
    if (this.#timer) {
      this.#count++;
      this.#last = message;
      return;
    }
    this.#tell(message);
    this.#openWindow();
  }

  /** Tells what is still counted (a summary must not hide the last failures) and stops the timer. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#tellCounted();
  }

  #openWindow(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // Failures still coming: keep counting them in a new window rather than telling the next at once.
      if (this.#tellCounted()) this.#openWindow();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  #tellCounted(): boolean {
    if (this.#count === 0) return false;
    const seconds = Math.round(this.#intervalMs / 100) / 10;
    this.#tell(`${this.#count} failure${this.#count === 1 ? '' : 's'} in the last ${seconds} s: ${this.#last}`);
    this.#count = 0;
    return true;
  }
}
