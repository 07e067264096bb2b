import { headerValue, type Reply } from '../core/exchange.js';
import { ContentDecodeError, decodeContent, parseContentEncoding } from '../util/content-encoding.js';

/** Which of the two services compared an answer came from. */
export type Side = 'legacy' | 'candidate';

const NOT_JSON = Symbol('not JSON');
const EMPTY = Buffer.alloc(0);

/**
 * A side's reply with its body read once, lazily: undone of its Content-Encoding (only when it has
 * one: a plain body is used as it came), and parsed only if it is JSON.
 */
export class SideView {
  readonly reply: Reply;
  #json: unknown = undefined;
  #parsed = false;
  #content: Buffer | undefined;
  #undecodable: string | undefined;
  #mediaType: string | null | undefined;

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
      const content = this.content();
      if (content.byteLength > 0) {
        try {
          this.#json = JSON.parse(content.toString('utf8'));
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

  /**
   * The body's content: decoded by Content-Encoding, or the bytes as sent when it has none or they
   * do not decode (then `undecodable()` names the coding).
   */
  content(): Buffer {
    if (this.#content) return this.#content;
    if (this.reply.kind !== 'answer') return (this.#content = EMPTY);
    const b = this.reply.body;
    const raw = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    this.#content = raw;
    const header = headerValue(this.reply.headers, 'content-encoding');
    if (header === undefined) return raw;
    const parsed = parseContentEncoding(header);
    if ('unknown' in parsed) {
      // A header value the server chose: bounded, since it becomes part of a group's signature.
      this.#undecodable = parsed.unknown.slice(0, 32);
      return raw;
    }
    try {
      // A body cut at the byte cap is a truncated stream: what decodes of it is still content.
      this.#content = decodeContent(raw, parsed.codings, { partial: this.reply.truncated });
    } catch (error) {
      if (!(error instanceof ContentDecodeError)) throw error;
      this.#undecodable = parsed.codings.join(', ');
    }
    return this.#content;
  }

  /** The Content-Encoding the body claims but that did not decode (`gzip`), if any. */
  undecodable(): string | undefined {
    this.content();
    return this.#undecodable;
  }

  /** The media type without parameters, in lower case (`application/json`), or undefined when none is declared. */
  mediaType(): string | undefined {
    if (this.#mediaType === undefined) {
      const value = this.header('content-type') ?? '';
      const semi = value.indexOf(';');
      this.#mediaType = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase() || null;
    }
    return this.#mediaType ?? undefined;
  }

  /** The `charset` parameter of the Content-Type, in lower case, if any. */
  charset(): string | undefined {
    const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(this.header('content-type') ?? '');
    return match?.[1]?.toLowerCase();
  }

  header(name: string): string | undefined {
    if (this.reply.kind !== 'answer') return undefined;
    const lower = name.toLowerCase();
    return headerValue(this.reply.headers, lower);
  }
}
