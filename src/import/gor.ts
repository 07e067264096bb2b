import type { NewExchange, Reply } from '../core/exchange.js';
import { foreignHeaders } from './foreign-headers.js';
import { gorPayloads, type GorPayload } from './gor-payloads.js';
import { afterInterimResponses, parseRequest, parseResponse } from './http-message.js';
import { skip, type ImportRecord } from './import-record.js';
import { IMPORT_TAGS, NOT_RECORDED } from './import-tags.js';
import type { Importer } from './importer.js';
import { splitTarget } from './request-target.js';

/** Unpaired requests (and responses) kept while waiting for their other half. */
export const GOR_PAIRING_WINDOW = 10_000;

interface Half {
  readonly payload: GorPayload;
  readonly location: string;
  /** Nanoseconds since the epoch: when the message's first packet was seen. */
  readonly timestampNs: bigint;
  /** The meta line's fourth number, when there is one and it is not negative. */
  readonly spanNs: bigint | undefined;
  /** Where the HTTP message starts, after the meta line. */
  readonly messageStart: number;
}

/**
 * GoReplay `.gor` files (gzip'd or not): payloads separated by `🐵🙈🙉` lines, each opening with a
 * meta line `<type> <id> <timestamp-ns> [<ns>]` (1 request, 2 original response, 3 replayed
 * response, ignored) and then the raw HTTP/1.x message. Requests and responses are paired by id
 * as the file streams past; halves still unpaired after `GOR_PAIRING_WINDOW` others are reported
 * and dropped. A file with no response at all (GoReplay records requests only unless told to
 * track responses) gives each request with no recorded answer, tagged `response-not-recorded`.
 */
export const gor = {
  format: 'gor',
  description: 'GoReplay --output-file recordings, .gor or .gor.gz (requests paired with original responses by id; request-only files too)',
  async *records(path: string): AsyncIterable<ImportRecord> {
    const requests = new Map<string, Half>();
    const responses = new Map<string, Half>();
    let responsesSeen = false;
    let displaced = 0;
    // Until a response shows up, the file may hold requests only: an unanswered request is then not an error.
    const unanswered = (half: Half, reason: string) => (responsesSeen ? skip(reason, half.location) : requestOnly(half));
    for await (const payload of gorPayloads(path)) {
      if ('problem' in payload) {
        yield skip(payload.problem, `byte ${payload.offset}`);
        continue;
      }
      const location = `payload ${payload.index} at byte ${payload.offset}`;
      const meta = parseMeta(payload);
      if (typeof meta === 'string') {
        yield skip(meta, location);
        continue;
      }
      const { type, id, ...rest } = meta;
      if (type === '3') continue;
      const half: Half = { ...rest, payload, location };
      if (type === '2') {
        // An interim `100 Continue` written as a payload of its own: the final answer follows under the same id.
        if (afterInterimResponses(payload.bytes.subarray(half.messageStart)).interimOnly) continue;
        responsesSeen = true;
      }
      const [mine, theirs] = type === '1' ? [requests, responses] : [responses, requests];
      const other = theirs.get(id);
      if (other) {
        theirs.delete(id);
        yield type === '1' ? pair(half, other) : pair(other, half);
        continue;
      }
      const earlier = mine.get(id);
      if (earlier) {
        mine.delete(id);
        // A repeated request id: the first is kept waiting under another key, so a request-only file still gives it.
        if (type === '1') mine.set(`${id}\u0000${++displaced}`, earlier);
        else yield skip(unpaired(type), earlier.location);
      }
      mine.set(id, half);
      if (mine.size > GOR_PAIRING_WINDOW) {
        const [oldestId, oldest] = mine.entries().next().value as [string, Half];
        mine.delete(oldestId);
        const reason = `${unpaired(type)} within ${GOR_PAIRING_WINDOW.toLocaleString('en')} payloads`;
        yield type === '1' ? unanswered(oldest, reason) : skip(reason, oldest.location);
      }
    }
    for (const half of requests.values()) yield unanswered(half, unpaired('1'));
    for (const half of responses.values()) yield skip(unpaired('2'), half.location);
  },
} satisfies Importer;

const unpaired = (type: string) => (type === '1' ? 'request without a response' : 'response without a request');

const META = /^([123]) (\S+) (\d{1,20})(?: (-?\d{1,20}))?(?: .*)?\r?$/;

function parseMeta(payload: GorPayload): (Omit<Half, 'payload' | 'location'> & { type: string; id: string }) | string {
  const eol = payload.bytes.indexOf(0x0a);
  const line = payload.bytes.toString('latin1', 0, eol < 0 ? payload.bytes.length : eol);
  const m = META.exec(line);
  if (!m) return /^\d /.test(line) && !/^[123] /.test(line) ? 'meta line: unknown payload type (expected 1, 2 or 3)' : 'meta line: expected "<type> <id> <timestamp-ns> [latency-ns]"';
  if (eol < 0) return 'no HTTP message after the meta line';
  const span = m[4] === undefined ? undefined : BigInt(m[4]);
  return { type: m[1] ?? '', id: m[2] ?? '', timestampNs: BigInt(m[3] ?? '0'), spanNs: span !== undefined && span >= 0n ? span : undefined, messageStart: eol + 1 };
}

/**
 * Request start to response complete, as `parity record` measures it. GoReplay stamps each
 * message with its first packet's time; since 1.2 the fourth field of every meta line (requests
 * included) is that message's own span, first to last packet, so the response's end is its
 * time plus its span. Older files wrote no span on requests and something else on responses
 * (response end minus request end), so only the two timestamps are used for them.
 */
function latencyUsOf(request: Half, response: Half): number {
  const start = request.timestampNs;
  const modern = request.spanNs !== undefined && response.spanNs !== undefined;
  const end = response.timestampNs + (modern ? (response.spanNs ?? 0n) : 0n);
  return end > start ? Number((end - start + 500n) / 1_000n) : 0;
}

function pair(request: Half, response: Half): ImportRecord {
  const exchange = exchangeOf(request);
  if (typeof exchange === 'string') return skip(`request: ${exchange}`, request.location);
  const { rest } = afterInterimResponses(response.payload.bytes.subarray(response.messageStart));
  const res = parseResponse(rest, exchange.method);
  if (typeof res === 'string') return skip(`response: ${res}`, response.location);
  const reply: Reply = { kind: 'answer', status: Number(res.startLine[1]), headers: foreignHeaders(res.headers), body: res.body, truncated: res.truncated, latencyUs: latencyUsOf(request, response) };
  return { ok: true, exchange: { ...exchange, response: reply }, location: request.location, alreadyRedacted: false };
}

/** A request of a file that recorded no responses: nothing answered it as far as the file knows. */
function requestOnly(request: Half): ImportRecord {
  const exchange = exchangeOf(request);
  if (typeof exchange === 'string') return skip(`request: ${exchange}`, request.location);
  const reply: Reply = { kind: 'no-answer', error: NOT_RECORDED, latencyUs: 0 };
  return { ok: true, exchange: { ...exchange, response: reply, tags: [IMPORT_TAGS.responseNotRecorded] }, location: request.location, alreadyRedacted: false };
}

function exchangeOf(request: Half): Omit<NewExchange, 'response'> | string {
  const req = parseRequest(request.payload.bytes.subarray(request.messageStart));
  if (typeof req === 'string') return req;
  const [method, targetText] = req.startLine;
  const target = splitTarget(targetText);
  if (!target) return 'unsupported request target';
  return {
    recordedAt: Number(request.timestampNs / 1_000_000n),
    method,
    path: target.path,
    query: target.query,
    requestHeaders: foreignHeaders(req.headers),
    requestBody: req.body,
    requestTruncated: req.truncated,
    tags: [],
  };
}
