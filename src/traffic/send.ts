import { Pool } from 'undici';
import { ParityError } from '../core/errors.js';
import type { GeneratedRequest } from './generated-request.js';
import { drainInLanes } from '../util/lanes.js';
import { RateLimiter } from '../util/rate-limiter.js';
import { SendTally, type Outcome, type SendProgress, type SendSummary } from './send-tally.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './traffic-defaults.js';

export type { SendProgress, SendSummary } from './send-tally.js';

export interface SendOptions {
  /** Base URL of the service; request paths are appended to its path. */
  readonly target: URL;
  /** Requests in flight at most. Default 16. */
  readonly concurrency?: number;
  /** Requests per second at most. Default: as fast as the target answers. */
  readonly rate?: number;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number;
  /** Aborting stops sending: no new request starts, the ones in flight finish. */
  readonly signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` (default 1 s) while sending. */
  readonly onProgress?: (progress: SendProgress) => void;
  readonly progressIntervalMs?: number;
}


/** Errors meaning nothing accepted the connection: when the first request fails so, the target is unreachable. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sends `requests` to the target over a keep-alive undici pool and counts the answers by status.
 *
 * Ordering: the validator is stateful (velocity, daily totals, balances), so an account's requests
 * must arrive in generation order. Each account hashes to one of `concurrency` lanes and a lane
 * has one request in flight at a time: the simplest scheme that keeps per-account order with
 * accounts still sent concurrently. (A hot account slows only its own lane.) What is queued is
 * bounded, and `requests` is pulled lazily, so a million requests need no more memory than a few.
 *
 * The first request goes out alone: if nothing accepts the connection, that is one clear
 * TARGET_UNREACHABLE error rather than a summary full of failures.
 */
export async function sendTraffic(requests: Iterable<GeneratedRequest>, options: SendOptions): Promise<SendSummary> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { target, signal } = options;
  const basePath = target.pathname.replace(/\/+$/, '');
  const pool = new Pool(target.origin, { connections: concurrency });
  const limiter = options.rate === undefined ? undefined : new RateLimiter(options.rate);
  const tally = new SendTally();
  const interval = options.progressIntervalMs ?? 1000;
  let lastProgress = performance.now();

  /** Undefined when stopped while waiting for a rate slot. */
  const send = async (request: GeneratedRequest): Promise<Outcome | undefined> => {
    await limiter?.take();
    if (signal?.aborted) return undefined;
    const outcome = await sendOne(pool, basePath, request, timeoutMs);
    tally.record(outcome);
    if (options.onProgress && performance.now() - lastProgress >= interval) {
      lastProgress = performance.now();
      options.onProgress(tally.progress());
    }
    return outcome;
  };

  const release = () => limiter?.release();
  signal?.addEventListener('abort', release, { once: true });
  try {
    const iterator = requests[Symbol.iterator]();
    const first = iterator.next();
    if (!first.done && !signal?.aborted) {
      const outcome = await send(first.value);
      if (outcome && 'error' in outcome && CONNECT_ERRORS.has(outcome.error)) {
        throw new ParityError('TARGET_UNREACHABLE', `cannot reach ${target.href}: ${outcome.error}`, {
          hint: 'is the service running? Start the reference one with `parity validator` and pass its URL to --target',
        });
      }
      await drainInLanes(iterator, (request) => request.account, concurrency, send, signal);
    }
    return tally.summary(target.href, signal?.aborted ?? false);
  } finally {
    signal?.removeEventListener('abort', release);
    await pool.close();
  }
}

async function sendOne(pool: Pool, basePath: string, request: GeneratedRequest, timeoutMs: number): Promise<Outcome> {
  try {
    const response = await pool.request({
      method: request.method,
      path: basePath + request.path,
      headers: request.headers.flat(),
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return { error: errorCode(error) };
  }
}

function errorCode(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (e?.name === 'TimeoutError') return 'TIMEOUT';
  for (const code of [e?.code, e?.cause?.code, e?.name]) if (typeof code === 'string' && code.length > 0) return code;
  return 'ERROR';
}
