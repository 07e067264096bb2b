import type { NewExchange } from '../core/exchange.js';
import { foreignHeaders } from './foreign-headers.js';
import { gorPayloads, type GorPayload } from './gor-payloads.js';
import { parseRequest, parseResponse } from './http-message.js';
import { skip, type ImportRecord } from './import-record.js';
import type { Importer } from './importer.js';
import { splitTarget } from './request-target.js';

/** Unpaired requests (and responses) kept while waiting for their other half. */
export const GOR_PAIRING_WINDOW = 10_000;

interface Half {
  readonly payload: GorPayload;
  readonly location: string;
  /** Nanoseconds since the epoch, from the meta line. */
  readonly timestampNs: bigint;
  /** Nanoseconds, when the meta line has a fourth number. */
  readonly latencyNs: bigint | undefined;
  /** Where the HTTP message starts, after the meta line. */
  readonly messageStart: number;
}

/**
 * GoReplay `.gor` files: payloads separated by `🐵🙈🙉` lines, each opening with a meta line
 * `<type> <id> <timestamp-ns> [latency-ns]` (1 request, 2 original response, 3 replayed response,
 * ignored) and then the raw HTTP/1.x message. Requests and responses are paired by id as the file
 * streams past; halves still unpaired after `GOR_PAIRING_WINDOW` others are reported and dropped.
 */
export const gor = {
  format: 'gor',
  description: 'GoReplay --output-file recordings (requests and original responses paired by id)',
  async *records(path: string): AsyncIterable<ImportRecord> {
    const requests = new Map<string, Half>();
    const responses = new Map<string, Half>();
    for await (const payload of gorPayloads(path)) {
      const location = `payload ${payload.index} at byte ${payload.offset}`;
      const meta = parseMeta(payload);
      if (typeof meta === 'string') {
        yield skip(meta, location);
        continue;
      }
      const { type, id, ...half } = meta;
      if (type === '3') continue;
      const [mine, theirs] = type === '1' ? [requests, responses] : [responses, requests];
      const other = theirs.get(id);
      if (other) {
        theirs.delete(id);
        yield type === '1' ? pair({ ...half, payload, location }, other) : pair(other, { ...half, payload, location });
        continue;
      }
      const earlier = mine.get(id);
      if (earlier) {
        mine.delete(id);
        yield skip(unpaired(type), earlier.location);
      }
      mine.set(id, { ...half, payload, location });
      if (mine.size > GOR_PAIRING_WINDOW) {
        const [oldestId, oldest] = mine.entries().next().value as [string, Half];
        mine.delete(oldestId);
        yield skip(`${unpaired(type)} within ${GOR_PAIRING_WINDOW.toLocaleString('en')} payloads`, oldest.location);
      }
    }
    for (const half of requests.values()) yield skip(unpaired('1'), half.location);
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
  const latency = m[4] === undefined ? undefined : BigInt(m[4]);
  return { type: m[1] ?? '', id: m[2] ?? '', timestampNs: BigInt(m[3] ?? '0'), latencyNs: latency !== undefined && latency >= 0n ? latency : undefined, messageStart: eol + 1 };
}

function pair(request: Half, response: Half): ImportRecord {
  const req = parseRequest(request.payload.bytes.subarray(request.messageStart));
  if (typeof req === 'string') return skip(`request: ${req}`, request.location);
  const [method, targetText] = req.startLine;
  const target = splitTarget(targetText);
  if (!target) return skip('request: unsupported request target', request.location);
  const res = parseResponse(response.payload.bytes.subarray(response.messageStart), method);
  if (typeof res === 'string') return skip(`response: ${res}`, response.location);
  // Newer GoReplay writes the round trip as the response's fourth field; older ones only timestamps.
  const latencyNs = response.latencyNs ?? (response.timestampNs > request.timestampNs ? response.timestampNs - request.timestampNs : 0n);
  const exchange: NewExchange = {
    recordedAt: Number(request.timestampNs / 1_000_000n),
    method,
    path: target.path,
    query: target.query,
    requestHeaders: foreignHeaders(req.headers),
    requestBody: req.body,
    requestTruncated: req.truncated,
    response: { kind: 'answer', status: Number(res.startLine[1]), headers: foreignHeaders(res.headers), body: res.body, truncated: res.truncated, latencyUs: Number((latencyNs + 500n) / 1_000n) },
    tags: [],
  };
  return { ok: true, exchange, location: request.location, alreadyRedacted: false };
}
