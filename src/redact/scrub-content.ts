import { isUtf8 } from 'node:buffer';
import { matchesPath, type JsonPath, type Location } from '../util/json-path.js';
import { rewriteJsonScalars, type JsonScalar } from '../util/json-rewrite.js';
import { provablyClean } from './body-prefilter.js';
import { isCardByEvidence, mayHoldCard, replaceCardsInText } from './card-evidence.js';
import { asBase64Text, startsAsUtf8 } from './content/base64-body.js';
import { decodeText, detectTextEncoding, encodeText } from './content/charset.js';
import { rewriteForm } from './content/form.js';
import { multipartBoundary, rewriteMultipart, type MultipartPart } from './content/multipart.js';
import type { FieldKind } from './field-names.js';
import { Undecodable, type ScrubContext } from './scrub-context.js';
import { scrubNamed, scrubText } from './scrub-text.js';

/** `text` cleaned as what its base64 decodes to, re-encoded the same way; undefined when it is not base64 of text. */
function throughBase64(text: string, scrub: ScrubContext): string | undefined {
  const base64 = mayBeBase64(text) ? asBase64Text(text) : undefined;
  if (!base64) return undefined;
  const inner = scrubBytes(base64.decoded, undefined, scrub);
  return inner === base64.decoded ? text : base64.encode(inner);
}

/** A cheap look at the start: base64 has nothing but its alphabet (and line breaks) there. */
function mayBeBase64(text: string): boolean {
  const start = /^\s*[A-Za-z0-9+/_-]{16}/.exec(text);
  if (start === null) return false;
  // An id or hash whose first bytes are not UTF-8 cannot be base64 of text: no need to decode it all.
  return startsAsUtf8(text.slice(start[0].length - 16, start[0].length - 12)) && !/[^A-Za-z0-9+/=_\-\s]/.test(text.length > 256 ? text.slice(0, 256) : text);
}

/** Dot-separated base64url segments: a JWT or a signed cookie, whose parts may be JSON. */
const JWT_LIKE = /^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?$/;

/**
 * Media types whose bytes are never text: only card numbers are looked for (a `k=v` there is
 * chance). Anything else, `application/octet-stream` and `vnd.*+json` included, is read as text.
 */
const BINARY_MEDIA = /^(image|audio|video|font)\//;

/**
 * Cleans a body's content (already decoded from its Content-Encoding) by what it is: multipart
 * part by part, UTF-16 as text, JSON token by token, form fields by name, base64 of text by what
 * it decodes to, anything else as text. Returns `bytes` itself when nothing changed, so clean
 * bodies keep every byte. `partial`: the body was cut at the capture's size cap.
 */
export function scrubBytes(bytes: Uint8Array, contentType: string | undefined, scrub: ScrubContext, partial = false): Uint8Array {
  if (bytes.byteLength === 0) return bytes;
  const media = mediaTypeOf(contentType);
  if (media.startsWith('multipart/')) {
    const boundary = multipartBoundary(contentType);
    if (boundary === undefined) throw new Undecodable(`${media} without a boundary`);
    const out = rewriteMultipart(bytes, boundary, (part) => scrubPart(part, scrub, partial), { partial });
    if (out === undefined) throw new Undecodable(`malformed ${media} body`);
    return out;
  }
  const encoding = detectTextEncoding(bytes, contentType);
  // Most answers (and many requests) hold nothing to redact: proving it costs one pass over the bytes, the walk ten.
  if (encoding.kind === 'utf8' && !scrub.settings.walkEverything && provablyClean(bytes, scrub.settings)) return bytes;
  if (encoding.kind !== 'utf8') {
    const text = decodeText(bytes, encoding);
    const cleaned = scrubDecoded(text, media, scrub, partial);
    return cleaned === text ? bytes : encodeText(cleaned, encoding);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 maps every byte to one char and back, so bytes that are not UTF-8 (a legacy service's
  // ISO-8859-1, a binary) keep every byte redaction does not touch.
  const bytesAs = isUtf8(buffer) ? 'utf8' : 'latin1';
  const text = buffer.toString(bytesAs);
  const cleaned = BINARY_MEDIA.test(media) ? scrubText(text, scrub, true) : scrubDecoded(text, media, scrub, partial);
  return cleaned === text ? bytes : Buffer.from(cleaned, bytesAs);
}

function scrubDecoded(text: string, media: string, scrub: ScrubContext, partial: boolean): string {
  if (media === 'application/x-www-form-urlencoded') return scrubForm(text, scrub);
  if (media.endsWith('json') || /^\s*[[{]/.test(text)) {
    const cleaned = tryJson(text, scrub, partial);
    if (cleaned !== undefined) return cleaned;
  }
  // Base64 of text, whatever the body says it is (a JSON API that sends a base64 document).
  return throughBase64(text, scrub) ?? scrubText(text, scrub);
}

/**
 * A URL query string or a form body: field by field (`&` or `;` between them), by name, then by
 * content; a card number standing as a field name (`?4539…`, `cards[4539…]=x`) is tokenised too.
 */
export function scrubForm(raw: string, scrub: ScrubContext): string {
  if (raw === '') return raw;
  const edit = ({ name, value }: { name: string; value: string }) => {
    const kind = scrub.kindOf(name);
    const cleaned = kind ? scrubNamed(kind, value, scrub) : scrubValue(value, scrub);
    return cleaned === value ? undefined : cleaned;
  };
  const fields = raw.includes(';') ? raw.split(';').map((chunk) => rewriteForm(chunk, edit)).join(';') : rewriteForm(raw, edit);
  return mayHoldCard(fields) ? replaceCardsInText(fields, (card) => scrub.card(card)) : fields;
}

/** `;jsessionid=…` and other matrix parameters of a path; the rest of a path is only scanned for card numbers (`/v1/auth:login` is a path, not a label). */
export function scrubPath(path: string, scrub: ScrubContext): string {
  const cleaned = scrubText(path, scrub, true);
  if (!cleaned.includes(';')) return cleaned;
  return cleaned.replace(/;([^;=/?]+)=([^;/?]*)/g, (match, name: string, value: string) => {
    const kind = scrub.kindOf(name);
    return kind ? `;${name}=${scrubNamed(kind, value, scrub)}` : match;
  });
}

/**
 * A string that may itself be content: base64 of text, or a JSON document in a string (a form
 * field or a JSON value holding JSON). Otherwise free text.
 */
export function scrubValue(value: string, scrub: ScrubContext): string {
  if (value.length >= 20) {
    const cleaned = throughBase64(value, scrub);
    if (cleaned !== undefined) return cleaned;
  }
  // Its first segment is 4+ characters none of which is a dot: most strings have no dot there, and the regex backtracks through all of them.
  if (value.length >= 20 && value.indexOf('.') >= 4 && JWT_LIKE.test(value)) {
    const cleaned = value.split('.').map((segment) => (segment.length >= 16 ? scrubValue(segment, scrub) : segment)).join('.');
    if (cleaned !== value) return cleaned;
  }
  if (value.length > 1 && (value[0] === '{' || value[0] === '[')) {
    const cleaned = tryJson(value, scrub, false);
    if (cleaned !== undefined) return cleaned;
  }
  return scrubText(value, scrub);
}

function scrubPart(part: MultipartPart, scrub: ScrubContext, partial: boolean): Uint8Array | undefined {
  const kind = part.name !== undefined && part.filename === undefined ? scrub.kindOf(part.name) : undefined;
  if (kind) {
    const value = part.body.toString('utf8');
    const cleaned = scrubNamed(kind, value, scrub);
    return cleaned === value ? undefined : Buffer.from(cleaned, 'utf8');
  }
  const cleaned = scrubBytes(part.body, part.contentType, scrub, partial);
  return cleaned === part.body ? undefined : cleaned;
}

/** The JSON document cleaned, or undefined when the text is not JSON (it is then cleaned as text). */
function tryJson(text: string, scrub: ScrubContext, partial: boolean): string | undefined {
  try {
    return scrubJson(text, scrub, partial);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * JSON token by token: every byte not redacted stays as it was. A value is judged by the name it
 * stands under (the nearest key, with the key enclosing that one), then by its content; keys that
 * are card numbers are tokenised too.
 */
function scrubJson(text: string, scrub: ScrubContext, partial: boolean): string {
  const { cardPaths, dropPaths, maskPaths } = scrub.settings;
  const visit = ({ location, value, raw }: JsonScalar): string | undefined => {
    if (value === null || typeof value === 'boolean') return undefined;
    if (dropPaths.length > 0 && anyMatch(dropPaths, location)) return 'null';
    if (typeof value === 'string' && maskPaths.length > 0 && anyMatch(maskPaths, location)) return JSON.stringify('*'.repeat(value.length));
    const [name, outer] = nameOf(location);
    const own = (name === undefined ? undefined : scrub.kindOf(name, outer)) ?? (cardPaths.length > 0 && anyMatch(cardPaths, location) ? 'card' : undefined);
    const named = own ?? inherited(outer, scrub);
    if (typeof value === 'number') {
      if (named === 'card') return /^\d{12,19}$/.test(raw) ? scrub.card(raw) : undefined;
      if (named === 'cvv' || named === 'pin') return scrub.destroy(raw).replace(/^0(?=\d)/, '1');
      // A number under a credential object (`expires_in`) is not a secret; one named so is.
      if (own === 'credential') return JSON.stringify(scrub.credential(raw, true));
      return raw.length >= 13 && raw.length <= 19 && isCardByEvidence(raw) ? scrub.card(raw) : undefined;
    }
    const cleaned = named ? scrubNamed(named, value, scrub) : scrubValue(value, scrub);
    return cleaned === value ? undefined : JSON.stringify(cleaned);
  };
  const key = (raw: string): string | undefined => {
    if (!mayHoldCard(raw)) return undefined;
    const cleaned = replaceCardsInText(raw, (card) => scrub.card(card));
    return cleaned === raw ? undefined : cleaned;
  };
  return rewriteJsonScalars(text, visit, { key, partial });
}

/**
 * Whatever stands under a CVV or PIN name is one too (`{"cvv": {"value": "123"}}`), and under a
 * credential name (`{"password": {"new": …}}`, `{"tokens": {"refresh": …}}`), except an
 * authorisation object: in a payment API `{"authorization": {"status": "approved"}}` is the
 * business decision. A card object's other fields (`created`, `holder`) are not card numbers.
 */
function inherited(outer: string | undefined, scrub: ScrubContext): FieldKind | undefined {
  if (outer === undefined) return undefined;
  const kind = scrub.kindOf(outer);
  if (kind === 'cvv' || kind === 'pin') return kind;
  return kind === 'credential' && !/^(auth|authori[sz]ation|authentication|signature)$/i.test(outer.replace(/[^A-Za-z]/g, '')) ? 'credential' : undefined;
}

/** The nearest key a value stands under (array indexes skipped) and the key enclosing that one. */
function nameOf(location: Location): [name: string | undefined, outer: string | undefined] {
  let name: string | undefined;
  for (let i = location.length - 1; i >= 0; i--) {
    const step = location[i];
    if (typeof step !== 'string') continue;
    if (name === undefined) name = step;
    else return [name, step];
  }
  return [name, undefined];
}

function anyMatch(paths: readonly JsonPath[], location: Location): boolean {
  return paths.some((p) => matchesPath(p, location));
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (!contentType) return '';
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}
