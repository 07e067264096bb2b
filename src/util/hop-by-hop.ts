import type { HeaderList } from '../core/exchange.js';

/** RFC 9110 §7.6.1: headers that describe one connection, never forwarded by a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Header pairs from Node's flat `rawHeaders`, minus hop-by-hop headers and those `Connection` names. */
export function endToEndHeaders(rawHeaders: readonly string[]): HeaderList {
  const pairs: [string, string][] = [];
  const named = new Set<string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    if (name.toLowerCase() === 'connection') for (const token of value.split(',')) named.add(token.trim().toLowerCase());
    pairs.push([name, value]);
  }
  return pairs.filter(([name]) => {
    const lower = name.toLowerCase();
    return !HOP_BY_HOP.has(lower) && !named.has(lower);
  });
}

/** undici's response headers (lower-case names, arrays for repeats) as pairs without hop-by-hop ones. */
export function responseHeaderList(headers: Readonly<Record<string, string | string[] | undefined>>): HeaderList {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([name, v]);
  }
  return pairs;
}
