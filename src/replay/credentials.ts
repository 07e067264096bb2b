import type { Exchange, HeaderList } from '../core/exchange.js';
import { decodeContent, encodeContent, parseContentEncoding } from '../redact/content/content-encoding.js';
import { REDACTION_TAGS } from '../redact/redactor.js';
import { isUtf8 } from 'node:buffer';
import { createUnsealer, holdsSealed } from '../redact/sealer.js';

/** What became of an exchange's credentials on the way out. */
export type CredentialState = 'none' | 'restored' | 'missing';

/**
 * Puts sealed credentials back into a request before it is sent (the capture holds them
 * encrypted under PARITY_SEAL_KEY). An exchange whose credentials were removed at record time, or
 * that is replayed without the key, goes out without them: the state says so and the report
 * counts it, since a session endpoint then answers 401 where it answered 200.
 */
export function createCredentialRestorer(sealKey: Uint8Array | undefined): (exchange: Exchange) => { exchange: Exchange; state: CredentialState } {
  const unsealer = createUnsealer(sealKey);
  return (exchange) => {
    const sealed = exchange.tags.includes(REDACTION_TAGS.sealed);
    const removed = exchange.tags.includes(REDACTION_TAGS.removed);
    if (!sealed) return { exchange, state: removed ? 'missing' : 'none' };
    let failed = 0;
    const open = (text: string): string => {
      if (!holdsSealed(text)) return text;
      const result = unsealer.unseal(text);
      failed += result.failed;
      return result.text;
    };
    const restored: Exchange = {
      ...exchange,
      path: open(exchange.path),
      query: open(exchange.query),
      requestHeaders: headers(exchange.requestHeaders, open),
      requestBody: body(exchange.requestBody, exchange.requestHeaders, open),
    };
    return { exchange: restored, state: removed || failed > 0 ? 'missing' : 'restored' };
  };
}

/** A header whose whole value was a credential that does not open is left out, as redaction would have. */
function headers(list: HeaderList, open: (text: string) => string): HeaderList {
  const out: (readonly [string, string])[] = [];
  for (const pair of list) {
    const value = open(pair[1]);
    if (value === pair[1]) out.push(pair);
    else if (value !== '') out.push([pair[0], value]);
  }
  return out;
}

function body(bytes: Uint8Array, list: HeaderList, open: (text: string) => string): Uint8Array {
  if (bytes.byteLength === 0) return bytes;
  const coding = parseContentEncoding(list.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1]);
  if ('unknown' in coding) return bytes;
  const content = coding.codings.length > 0 ? decodeContent(bytes, coding.codings) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 keeps every byte of a body that is not UTF-8 as it was (sealed values are ASCII).
  const encoding = isUtf8(content) ? 'utf8' : 'latin1';
  const text = content.toString(encoding);
  const opened = open(text);
  if (opened === text) return bytes;
  const out = Buffer.from(opened, encoding);
  return coding.codings.length > 0 ? encodeContent(out, coding.codings) : out;
}

