import type { HeaderList } from '../core/exchange.js';
import { endToEndHeaders } from '../util/hop-by-hop.js';

/**
 * Headers of a foreign file as `parity record` would have stored them for the same traffic:
 * HTTP/2 pseudo-headers (`:authority`) and hop-by-hop headers (Connection, Transfer-Encoding, …)
 * describe a connection, not the exchange, and would be wrong next to a de-chunked body.
 */
export function foreignHeaders(headers: HeaderList): HeaderList {
  return endToEndHeaders(headers.filter(([name]) => !name.startsWith(':')).flat());
}

/**
 * Headers for a body stored decoded (HAR keeps response text after content decoding): the
 * Content-Encoding and Content-Length that described the compressed bytes would now be wrong.
 */
export function decodedBodyHeaders(headers: HeaderList): HeaderList {
  const coded = headers.some(([name, value]) => name.toLowerCase() === 'content-encoding' && value.trim().toLowerCase() !== 'identity');
  if (!coded) return headers;
  return headers.filter(([name]) => !['content-encoding', 'content-length'].includes(name.toLowerCase()));
}
