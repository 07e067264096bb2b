import { headerValue, type HeaderList } from '../core/exchange.js';

/** Which of the two services compared an answer came from. */
export type Side = 'legacy' | 'candidate';

/** What one side did with a request: it answered, or it did not (refused, reset, timed out). */
export type SideOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly headers: HeaderList; readonly body: Uint8Array; readonly latencyUs: number }
  | { readonly kind: 'transport-error'; readonly error: string; readonly latencyUs: number };

const NOT_JSON = Symbol('not JSON');

/** A side's outcome with its body parsed once, lazily, and only if it is JSON. */
export class SideView {
  readonly outcome: SideOutcome;
  #json: unknown = undefined;
  #parsed = false;

  constructor(outcome: SideOutcome) {
    this.outcome = outcome;
  }

  get answered(): boolean {
    return this.outcome.kind === 'response';
  }

  get status(): number | undefined {
    return this.outcome.kind === 'response' ? this.outcome.status : undefined;
  }

  /** The body as JSON, or undefined when there is none or it is not JSON. */
  json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      this.#json = NOT_JSON;
      if (this.outcome.kind === 'response' && this.outcome.body.byteLength > 0) {
        try {
          this.#json = JSON.parse(this.text());
        } catch {
          this.#json = NOT_JSON;
        }
      }
    }
    return this.#json === NOT_JSON ? undefined : this.#json;
  }

  isJson(): boolean {
    this.json();
    return this.#json !== NOT_JSON;
  }

  text(): string {
    if (this.outcome.kind !== 'response') return '';
    const b = this.outcome.body;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  header(name: string): string | undefined {
    if (this.outcome.kind !== 'response') return undefined;
    const lower = name.toLowerCase();
    return headerValue(this.outcome.headers, lower);
  }
}
