import { headerValue, type Reply } from '../core/exchange.js';

/** Which of the two services compared an answer came from. */
export type Side = 'legacy' | 'candidate';

const NOT_JSON = Symbol('not JSON');

/** A side's reply with its body parsed once, lazily, and only if it is JSON. */
export class SideView {
  readonly reply: Reply;
  #json: unknown = undefined;
  #parsed = false;

  constructor(reply: Reply) {
    this.reply = reply;
  }

  get answered(): boolean {
    return this.reply.kind === 'answer';
  }

  get status(): number | undefined {
    return this.reply.kind === 'answer' ? this.reply.status : undefined;
  }

  /** The body as JSON, or undefined when there is none or it is not JSON. */
  json(): unknown {
    if (!this.#parsed) {
      this.#parsed = true;
      this.#json = NOT_JSON;
      if (this.reply.kind === 'answer' && this.reply.body.byteLength > 0) {
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
    if (this.reply.kind !== 'answer') return '';
    const b = this.reply.body;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }

  header(name: string): string | undefined {
    if (this.reply.kind !== 'answer') return undefined;
    const lower = name.toLowerCase();
    return headerValue(this.reply.headers, lower);
  }
}
