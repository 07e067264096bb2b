import type { HeaderList } from '../core/exchange.js';

/** RFC 9110 §7.6.1: headers that describe one connection, never forwarded by a proxy. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Request headers not passed on either. `Expect: 100-continue` asks the next hop for a go-ahead,
 * which the recording proxy gives itself; undici (which forwards and replays) refuses to send it.
 */
export const NOT_FORWARDED_REQUEST: ReadonlySet<string> = new Set([...HOP_BY_HOP, 'expect']);

/** Header pairs from Node's flat `rawHeaders`, minus hop-by-hop headers, those `Connection` names and Expect. */
export function endToEndHeaders(rawHeaders: readonly string[]): HeaderList {
  const pairs: [string, string][] = [];
  let named: Set<string> | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    const lower = name.toLowerCase();
    if (lower === 'connection') named = connectionNames(value, named);
    if (!NOT_FORWARDED_REQUEST.has(lower)) pairs.push([name, value]);
  }
  return named === undefined ? pairs : pairs.filter(([name]) => !named.has(name.toLowerCase()));
}

/** A response's headers as relayed to the client (names as sent, in order) and as recorded (names lower-cased, as before). */
export interface ResponseHeaders {
  /** Flat name, value pairs for `writeHead`. */
  readonly relayed: string[];
  /** Undefined when the exchange is not recorded. */
  readonly recorded: HeaderList | undefined;
  /** The body is framed by Content-Length (so it comes whole, not as a stream the upstream paces). */
  readonly sized: boolean;
}

/**
 * Splits raw response headers as undici parses them (flat name, value buffers) into what is relayed
 * and what is recorded (when `record`), without hop-by-hop ones. Latin-1 both ways, so every byte of
 * a value goes back out as it came (Node writes header strings as Latin-1).
 */
export function responseHeaders(rawHeaders: readonly Buffer[], record = true): ResponseHeaders {
  let relayed: string[] = [];
  let recorded: [string, string][] | undefined = record ? [] : undefined;
  let named: Set<string> | undefined;
  let sized = false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as Buffer).toString('latin1');
    const value = (rawHeaders[i + 1] as Buffer).toString('latin1');
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (lower === 'connection') named = connectionNames(value, named);
      continue;
    }
    if (lower === 'content-length') sized = true;
    relayed.push(name, value);
    recorded?.push([lower, value]);
  }
  if (named !== undefined) {
    const drop = named;
    recorded = recorded?.filter(([name]) => !drop.has(name));
    const kept: string[] = [];
    for (let i = 0; i + 1 < relayed.length; i += 2) if (!drop.has((relayed[i] as string).toLowerCase())) kept.push(relayed[i] as string, relayed[i + 1] as string);
    relayed = kept;
  }
  return { relayed, recorded, sized };
}

/** Connection values that name no other header, as servers usually spell them. */
const PLAIN_CONNECTION = new Set(['keep-alive', 'Keep-Alive', 'close', 'Close']);

/**
 * The tokens of a Connection header that name other headers, added to `into` (`close` and the
 * headers `dropped` anyway name none that survive).
 */
export function connectionNames(value: string, into: Set<string> | undefined, dropped: ReadonlySet<string> = HOP_BY_HOP): Set<string> | undefined {
  // The usual `Connection: keep-alive` names nothing: no split.
  if (PLAIN_CONNECTION.has(value)) return into;
  for (const token of value.split(',')) {
    const lower = token.trim().toLowerCase();
    if (lower === '' || lower === 'close' || dropped.has(lower)) continue;
    (into ??= new Set()).add(lower);
  }
  return into;
}

