import autocannon from 'autocannon';
import { Samples } from './measure.js';

export const VALIDATE_PATH = '/v1/payments/validate';

/** What every load phase reports besides autocannon's own result. */
export interface LoadOutcome {
  readonly result: autocannon.Result;
  /** Responses per second over the phase (completed responses / measured duration). */
  readonly rate: number;
  readonly responses: number;
  /** Response times in ms, one per response, with float precision (autocannon's histogram has 1 ms). */
  readonly latencies: Float64Array;
  readonly statuses: ReadonlyMap<number, number>;
}

interface LoadOptions {
  readonly url: string;
  /** The next request body: a fresh payment (bench/lib/payments.ts) or a recorded one. */
  readonly generator: { next(): string };
  readonly connections: number;
  readonly durationSeconds: number;
  /** Called with every response body: for sampling decisions and spotting idempotent replays. */
  readonly onResponse?: (status: number, body: string, headers: Record<string, string | string[]>) => void;
}

/** Requests that each carry a fresh payment from the generator (a new transaction id every time). */
function paymentRequests(options: LoadOptions): autocannon.Request[] {
  const { generator, onResponse } = options;
  return [
    {
      method: 'POST',
      path: VALIDATE_PATH,
      headers: { 'content-type': 'application/json' },
      setupRequest(request) {
        request.body = generator.next();
        return request;
      },
      ...(onResponse ? { onResponse: (status: number, body: string, _context: unknown, headers: Record<string, string | string[]>) => onResponse(status, body, headers) } : {}),
    },
  ];
}

/** Closed-loop load: every connection sends its next request as soon as the previous answer is in. */
export function closedLoop(options: LoadOptions): Promise<LoadOutcome> {
  return drive(options, {}, () => 0);
}

/**
 * autocannon's own fixed-rate mode (`overallRate`): each connection sends its share of the second's
 * requests back to back as soon as the second starts, then idles until the next second, so the load
 * arrives in bursts at the peak rate rather than evenly spread.
 */
export function autocannonRate(options: LoadOptions & { readonly rate: number }): Promise<LoadOutcome> {
  return drive(options, { overallRate: options.rate }, () => 0);
}

/**
 * The parts of autocannon@8's per-connection client (lib/httpClient.js) the pacer hooks into. Not
 * public API: checked at run time so a changed autocannon fails loudly instead of measuring wrong.
 */
interface ClientInternals {
  _doRequest(): void;
  readonly destroyed: boolean;
}

/**
 * Open-loop load at an evenly spread fixed rate: connection i of n sends at t0 + i/rate + k·n/rate,
 * so requests arrive every 1/rate seconds (to timer resolution, 1 ms) instead of in autocannon's
 * per-second bursts. When an answer comes back after the connection's next slot, the next request
 * leaves late; that delay is added to its latency (no coordinated omission) and counted.
 */
export async function paced(options: LoadOptions & { readonly rate: number }): Promise<LoadOutcome & { readonly lateSends: number }> {
  const { rate, connections } = options;
  const periodMs = (1_000 * connections) / rate;
  const startAt = performance.now() + 50;
  const delays = new WeakMap<object, number[]>();
  let index = 0;
  let lateSends = 0;
  const setupClient = (client: autocannon.Client) => {
    const internals = client as unknown as Partial<ClientInternals>;
    const doRequest = internals._doRequest;
    if (typeof doRequest !== 'function') throw new Error('autocannon client has no _doRequest: the pacer supports autocannon 8 only');
    const send = doRequest.bind(client);
    const queue: number[] = [];
    delays.set(client, queue);
    let due = startAt + (index++ * 1_000) / rate;
    internals._doRequest = () => {
      const slot = due;
      due += periodMs;
      const wait = slot - performance.now();
      if (wait <= 0) {
        if (internals.destroyed) return;
        if (wait < -0.1) lateSends++;
        queue.push(-wait);
        send();
        return;
      }
      setTimeout(() => {
        if (internals.destroyed) return;
        queue.push(0);
        send();
      }, wait);
    };
  };
  const outcome = await drive(options, { setupClient }, (client) => delays.get(client)?.shift() ?? 0);
  return { ...outcome, lateSends };
}

async function drive(options: LoadOptions, extra: Partial<autocannon.Options>, delayOf: (client: object) => number): Promise<LoadOutcome> {
  const latencies = new Samples();
  const statuses = new Map<number, number>();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: paymentRequests(options),
    ...extra,
  });
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime + delayOf(client));
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  if (result.errors > 0) throw new Error(`${result.errors} request errors (${result.timeouts} timeouts) against ${options.url}`);
  return { result, rate: latencies.length / result.duration, responses: latencies.length, latencies: latencies.values(), statuses };
}

/** Throws unless every response was a 200: a 4xx would mean the bench measures the parser, not the rules. */
export function assertAllOk(label: string, outcome: LoadOutcome, firstFailure?: string): void {
  const bad = [...outcome.statuses].filter(([status]) => status !== 200);
  if (bad.length === 0 && outcome.result.non2xx === 0) return;
  const counts = [...outcome.statuses].map(([status, n]) => `${status}×${n}`).join(', ');
  throw new Error(`${label}: non-200 answers (${counts})${firstFailure ? `; first: ${firstFailure.slice(0, 400)}` : ''}`);
}
