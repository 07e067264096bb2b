import { Pool } from 'undici';
import { postReset } from '../util/post-reset.js';
import type { Exchange, HeaderList } from '../core/exchange.js';
import type { Reply } from '../core/exchange.js';
import { endToEndHeaders } from '../util/hop-by-hop.js';
import { ReplyHandler } from './reply-handler.js';

export interface TargetOptions {
  readonly connections: number;
  readonly timeoutMs: number;
  /** Headers set on every request (e.g. credentials redaction removed), replacing any of the same name. */
  readonly headers: HeaderList;
  /** Answers larger than this are read up to it and the rest hashed and discarded (memory stays bounded). */
  readonly maxBodyBytes: number;
}

/**
 * Bytes of each live answer kept (`--max-body`, `replay.maxBody`): above the recorder's 1 MiB, so
 * a body recorded whole is replayed whole and compared by content; past it, by length and hash.
 */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Where a side's answers come from: a live service, or the answers stored in the capture. */
export interface Target {
  readonly name: string;
  send(exchange: Exchange): Promise<Reply>;
  close(): Promise<void>;
}

const NOT_FORWARDED = new Set(['host', 'content-length']);

/** A live service behind a keep-alive pool: each captured request is sent as it was recorded. */
export class LiveTarget implements Target {
  readonly name: string;
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #options: TargetOptions;
  readonly #injected: Set<string>;

  constructor(url: URL, options: TargetOptions) {
    this.name = url.href;
    this.#pool = new Pool(url.origin, { connections: options.connections, keepAliveTimeout: 30_000 });
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#options = options;
    this.#injected = new Set(options.headers.map(([n]) => n.toLowerCase()));
  }

  send(exchange: Exchange): Promise<Reply> {
    const headers: string[] = [];
    const recorded = endToEndHeaders(exchange.requestHeaders.flat());
    for (const [name, value] of recorded) {
      const lower = name.toLowerCase();
      if (!NOT_FORWARDED.has(lower) && !this.#injected.has(lower)) headers.push(name, value);
    }
    for (const [name, value] of this.#options.headers) headers.push(name, value);
    const hasBody = exchange.requestBody.byteLength > 0;
    const timeoutMs = this.#options.timeoutMs;
    return new Promise((settle) => {
      const handler = new ReplyHandler(this.#options.maxBodyBytes, timeoutMs, settle, (error) => describeFailure(error, timeoutMs));
      try {
        this.#pool.dispatch(
          {
            method: exchange.method as 'GET',
            path: this.#basePath + exchange.path + (exchange.query ? `?${exchange.query}` : ''),
            headers,
            body: hasBody ? Buffer.from(exchange.requestBody.buffer, exchange.requestBody.byteOffset, exchange.requestBody.byteLength) : null,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          handler,
        );
      } catch (error) {
        handler.onError(error as Error);
      }
    });
  }

  /** POSTs to a reset endpoint (the validator's /admin/reset) before a run. */
  async reset(path: string): Promise<{ ok: boolean; detail: string }> {
    try {
      const status = await postReset(this.#pool, this.#basePath + path, { headers: this.#options.headers.flat(), timeoutMs: this.#options.timeoutMs });
      return { ok: status < 300, detail: `${status}` };
    } catch (error) {
      return { ok: false, detail: describeFailure(error, this.#options.timeoutMs) };
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** The legacy answers stored in the capture: the usual CI case, no legacy service needed. */
export const recordedTarget: Target = {
  name: 'recorded',
  send: async (exchange) => exchange.response,
  close: async () => {},
};

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') return `timeout after ${timeoutMs} ms`;
  return e?.code ?? e?.cause?.code ?? (error instanceof Error ? error.message : String(error));
}
