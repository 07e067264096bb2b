import { isUtf8 } from 'node:buffer';
import { headerValue, type Exchange, type HeaderList } from '../core/exchange.js';
import { decodeContent, encodeContent, parseContentEncoding } from '../util/content-encoding.js';
import { rewriteForm } from '../redact/content/form.js';
import { REDACTION_TAGS } from '../redact/redactor.js';
import { createUnsealer, holdsSealed, type Unsealer } from '../redact/sealer.js';
import { mediaTypeOf } from '../redact/scrub-content.js';
import { rewriteJsonScalars } from '../util/json-rewrite.js';

/** What became of an exchange's credentials on the way out. */
export type CredentialState = 'none' | 'restored' | 'missing';

/**
 * Puts sealed credentials back into a request before it is sent (the capture holds them
 * encrypted under PARITY_SEAL_KEY), written the way their place needs: escaped in a JSON string
 * (or as the number it was), percent-encoded in a form or query field. An exchange whose
 * credentials were removed at record time, that is replayed without the key, or whose seals
 * could not all be found (inside a UTF-16 or base64 body) goes out without them: the state says
 * so and the report counts it, since a session endpoint then answers 401 where it answered 200.
 */
export function createCredentialRestorer(sealKey: Uint8Array | undefined): (exchange: Exchange) => { exchange: Exchange; state: CredentialState } {
  const unsealer = createUnsealer(sealKey);
  return (exchange) => {
    const sealed = exchange.tags.includes(REDACTION_TAGS.sealed);
    const removed = exchange.tags.includes(REDACTION_TAGS.removed);
    if (!sealed) return { exchange, state: removed ? 'missing' : 'none' };
    const seals = new Opener(unsealer);
    const restored: Exchange = {
      ...exchange,
      path: seals.text(exchange.path),
      query: fields(exchange.query, seals),
      requestHeaders: headers(exchange.requestHeaders, seals),
      requestBody: body(exchange.requestBody, exchange.requestHeaders, seals),
    };
    return { exchange: restored, state: removed || seals.failed > 0 || seals.opened === 0 ? 'missing' : 'restored' };
  };
}

/** Opens the seals of one exchange and counts what opened and what did not. */
class Opener {
  opened = 0;
  failed = 0;
  readonly #unsealer: Unsealer;

  constructor(unsealer: Unsealer) {
    this.#unsealer = unsealer;
  }

  /** Every seal in free text (a path, a header value, a text body) opened in place. */
  text(text: string): string {
    if (!holdsSealed(text)) return text;
    const result = this.#unsealer.unseal(text);
    this.opened += result.opened;
    this.failed += result.failed;
    return result.text;
  }

  /** A JSON string that is one seal: the JSON it stood for (a string, or the number it was). */
  json(value: string): string {
    const opened = this.#unsealer.openValue(value);
    if (!opened) return JSON.stringify(this.text(value));
    this.opened++;
    return opened.jsonNumber ? opened.value : JSON.stringify(opened.value);
  }
}

/** A header whose whole value was a credential that does not open is left out, as redaction would have. */
function headers(list: HeaderList, seals: Opener): HeaderList {
  const out: (readonly [string, string])[] = [];
  for (const pair of list) {
    const value = seals.text(pair[1]);
    if (value === pair[1]) out.push(pair);
    else if (value !== '') out.push([pair[0], value]);
  }
  return out;
}

/** Form or query fields: an opened value is percent-encoded again by the form writer. */
function fields(raw: string, seals: Opener): string {
  if (!holdsSealed(raw)) return raw;
  const edit = ({ value }: { value: string }) => (holdsSealed(value) ? seals.text(value) : undefined);
  return raw.split(';').map((chunk) => rewriteForm(chunk, edit)).join(';');
}

function body(bytes: Uint8Array, list: HeaderList, seals: Opener): Uint8Array {
  if (bytes.byteLength === 0) return bytes;
  const header = (name: string) => headerValue(list, name);
  const coding = parseContentEncoding(header('content-encoding'));
  if ('unknown' in coding) return bytes;
  const content = coding.codings.length > 0 ? decodeContent(bytes, coding.codings) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 keeps every byte of a body that is not UTF-8 as it was (sealed values are ASCII).
  const encoding = isUtf8(content) ? 'utf8' : 'latin1';
  const text = content.toString(encoding);
  if (!holdsSealed(text)) return bytes;
  const media = mediaTypeOf(header('content-type'));
  const opened = media === 'application/x-www-form-urlencoded' ? fields(text, seals) : /^\s*[[{]/.test(text) ? json(text, seals) : seals.text(text);
  if (opened === text) return bytes;
  const out = Buffer.from(opened, encoding);
  return coding.codings.length > 0 ? encodeContent(out, coding.codings) : out;
}

/** JSON strings holding a seal, written back as JSON. */
function json(text: string, seals: Opener): string {
  try {
    return rewriteJsonScalars(text, ({ value }) => (typeof value === 'string' && holdsSealed(value) ? seals.json(value) : undefined));
  } catch {
    return seals.text(text);
  }
}
