import type { HeaderList } from '../core/exchange.js';
import { connectionNames, NOT_FORWARDED_REQUEST } from '../util/hop-by-hop.js';

/** A client's request head, read once from Node's raw headers: what goes upstream and what is recorded. */
export interface RequestHead {
  /** Flat name, value pairs for undici: names as received, in order, then x-forwarded-*. */
  readonly forward: string[];
  /** Names as received, without hop-by-hop ones; undefined when the exchange is not recorded. */
  readonly recorded: HeaderList | undefined;
  /** The first Content-Length, as sent. */
  readonly contentLength: string | undefined;
  /** A Transfer-Encoding was sent: a body follows even without a Content-Length. */
  readonly encoded: boolean;
}

export interface HeadOptions {
  /** Send the target's Host instead of the client's. */
  readonly rewriteHost: boolean;
  readonly record: boolean;
  /** The client's address, appended to X-Forwarded-For. */
  readonly client: string;
}

/**
 * One pass over the raw headers, in place of building Node's `req.headers` object, a list of pairs
 * and then a flat list from the pairs: names are lower-cased once each. The upstream sees the
 * client's Host, as it would without the proxy; x-forwarded-* describe the hop, keeping what an
 * earlier proxy already said.
 */
export function readRequestHead(raw: readonly string[], options: HeadOptions): RequestHead {
  // The usual request's Connection header (if any) names no other header: one pass. One that does
  // may name headers sent before it, so the head is read again knowing them.
  return readHead(raw, options, undefined) ?? readHead(raw, options, connectionNamed(raw) ?? new Set()) as RequestHead;
}

/** Undefined when `named` is not given and a Connection header turns out to name other headers. */
function readHead(raw: readonly string[], options: HeadOptions, named: Set<string> | undefined): RequestHead | undefined {
  const forward: string[] = [];
  const recorded: (readonly [string, string])[] | undefined = options.record ? [] : undefined;
  let contentLength: string | undefined;
  let encoded = false;
  let host: string | undefined;
  let forwardedFor: string | undefined;
  let forwardedHost = false;
  let forwardedProto = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (NOT_FORWARDED_REQUEST.has(lower)) {
      if (lower === 'transfer-encoding') encoded = true;
      else if (lower === 'connection' && named === undefined && connectionNames(value, undefined, NOT_FORWARDED_REQUEST) !== undefined) return undefined;
      continue;
    }
    if (named?.has(lower)) continue;
    recorded?.push([name, value]);
    switch (lower) {
      case 'host':
        host ??= value;
        if (!options.rewriteHost) forward.push(name, value);
        continue;
      case 'content-length':
        contentLength ??= value;
        break;
      case 'x-forwarded-for':
        forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
        continue;
      case 'x-forwarded-host':
        forwardedHost = true;
        break;
      case 'x-forwarded-proto':
        forwardedProto = true;
        break;
    }
    forward.push(name, value);
  }
  forward.push('x-forwarded-for', forwardedFor === undefined ? options.client : `${forwardedFor}, ${options.client}`);
  if (!forwardedHost && host !== undefined) forward.push('x-forwarded-host', host);
  // The proxy listens on plain HTTP; a client that came through a TLS terminator already says https.
  if (!forwardedProto) forward.push('x-forwarded-proto', 'http');
  return { forward, recorded, contentLength, encoded };
}

/** Headers a Connection header names (RFC 9110 §7.6.1: dropped with it); undefined for the usual none. */
function connectionNamed(raw: readonly string[]): Set<string> | undefined {
  let named: Set<string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 10 && name.toLowerCase() === 'connection') named = connectionNames(raw[i + 1] as string, named, NOT_FORWARDED_REQUEST);
  }
  return named;
}
