import { headerValue, type HeaderList, type NewExchange } from '../core/exchange.js';
import { ContentDecodeError, decodeContent, encodeContent, parseContentEncoding } from '../util/content-encoding.js';
import type { ResolvedRedaction } from './redaction-rules.js';
import { Refusal, ScrubContext, Undecodable, type RedactionRefusal } from './scrub-context.js';
import { scrubBytes, scrubForm, scrubPath, scrubValue } from './scrub-content.js';
import { scrubNamed, scrubText } from './scrub-text.js';

export type { RedactionRefusal } from './scrub-context.js';

export type RedactionResult =
  | { readonly ok: true; readonly exchange: NewExchange; /** Bodies that could not be decoded to be cleaned, so were not kept. */ readonly withheld: number }
  | { readonly ok: false; readonly reason: RedactionRefusal; readonly detail: string };

/**
 * The version of this engine, written into every capture it cleans. A capture without it (or
 * with an older one) is redacted again when it is exported or quoted in a report.
 */
export const REDACTION_ENGINE = '2';

/** Tags redaction puts on an exchange, read by replay (credentials) and by anyone reading a capture. */
export const REDACTION_TAGS = {
  sealed: 'credentials-sealed',
  removed: 'credentials-removed',
  requestBodyWithheld: 'request-body-withheld',
  responseBodyWithheld: 'response-body-withheld',
} as const;

export interface RedactorKeys {
  /** Card-surrogate key (PARITY_REDACT_KEY). */
  readonly key: Uint8Array;
  /** Credentials are sealed under it (PARITY_SEAL_KEY); without it they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  /**
   * Bodies marked truncated are cut to this many bytes after they are cleaned (the recorder keeps
   * a little more than the cap, so a card number that crosses the cap is seen whole).
   */
  readonly maxBodyBytes?: number | undefined;
  /** Card numbers (digits) already redacted, left as they are: surrogates echoed back by a service. */
  readonly exempt?: (exchange: NewExchange) => ReadonlySet<string>;
}

/** Decompressed bodies larger than this are not cleaned, so not kept (a decompression bomb). */
const MAX_DECODED_BYTES = 32 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Cleans an exchange before anything touches disk: card numbers, sensitive authentication data
 * and credentials wherever they stand — path, query, headers, bodies under any Content-Encoding,
 * in JSON, forms, multipart, XML, text, UTF-16 or base64. Fails closed: a body it cannot decode is
 * not kept (the exchange is tagged), an exchange carrying track data or failing to clean is refused.
 */
export function createRedactor(rules: ResolvedRedaction, keys: RedactorKeys): (exchange: NewExchange) => RedactionResult {
  const scrub = new ScrubContext({ ...rules, key: keys.key, sealKey: keys.sealKey });

  /** The list itself when nothing in it changed (the common case: no allocation). */
  const headers = (list: HeaderList): HeaderList => {
    let out: (readonly [string, string])[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const pair = list[i] as readonly [string, string];
      const [name, value] = pair;
      const kind = scrub.kindOf(name);
      let kept: readonly [string, string] | undefined = pair;
      if (kind === 'credential') {
        if (scrub.seals) kept = [name, scrub.credential(value)];
        else {
          scrub.noteRemoved();
          kept = undefined;
        }
      } else {
        const cleaned = kind ? scrubNamed(kind, value, scrub) : scrubValue(value, scrub);
        if (cleaned !== value) kept = [name, cleaned];
      }
      if (kept !== pair) out ??= list.slice(0, i);
      if (out !== undefined && kept !== undefined) out.push(kept);
    }
    return out ?? list;
  };

  let withheld: string[] = [];
  const body = (bytes: Uint8Array, list: HeaderList, truncated: boolean, tag: string): Uint8Array => {
    if (bytes.byteLength === 0) return bytes;
    try {
      const coding = parseContentEncoding(headerValue(list, 'content-encoding'));
      if ('unknown' in coding) throw new Undecodable(`unknown Content-Encoding ${coding.unknown}`);
      const contentType = headerValue(list, 'content-type');
      if (coding.codings.length === 0) return cut(scrubBytes(truncated ? withoutCutTail(bytes) : bytes, contentType, scrub, truncated), truncated);
      const decoded = decodeContent(bytes, coding.codings, { partial: truncated, maxOutputBytes: MAX_DECODED_BYTES });
      const content = truncated ? withoutCutTail(decoded) : decoded;
      const cleaned = scrubBytes(content, contentType, scrub, truncated);
      return cleaned === decoded ? bytes : encodeContent(cleaned, coding.codings);
    } catch (error) {
      if (!(error instanceof Undecodable || error instanceof ContentDecodeError)) throw error;
      withheld.push(tag);
      return EMPTY;
    }
  };
  const cut = (bytes: Uint8Array, truncated: boolean): Uint8Array =>
    truncated && keys.maxBodyBytes !== undefined && bytes.byteLength > keys.maxBodyBytes ? bytes.subarray(0, keys.maxBodyBytes) : bytes;

  return (exchange) => {
    scrub.begin(keys.exempt?.(exchange));
    withheld = [];
    try {
      const r = exchange.response;
      const requestBody = body(exchange.requestBody, exchange.requestHeaders, exchange.requestTruncated, REDACTION_TAGS.requestBodyWithheld);
      const responseBody = r.kind === 'answer' ? body(r.body, r.headers, r.truncated, REDACTION_TAGS.responseBodyWithheld) : EMPTY;
      const cleaned: NewExchange = {
        ...exchange,
        path: scrubPath(exchange.path, scrub),
        query: scrubForm(exchange.query, scrub),
        requestHeaders: withLength(headers(exchange.requestHeaders), exchange.requestBody, requestBody),
        requestBody,
        ...(exchange.requestSha256 !== undefined && changedByRedaction(exchange.requestBody, requestBody) ? { requestSha256: undefined } : {}),
        response: r.kind === 'answer' ? { ...r, headers: withLength(headers(r.headers), r.body, responseBody), body: responseBody, ...(r.sha256 !== undefined && changedByRedaction(r.body, responseBody) ? { sha256: undefined } : {}) } : r,
      };
      if (withheld.length === 0 && scrub.notes.sealed === 0 && scrub.notes.removed === 0) return { ok: true, exchange: cleaned, withheld: 0 };
      const tags = [...exchange.tags, ...withheld];
      if (scrub.notes.sealed > 0) tags.push(REDACTION_TAGS.sealed);
      if (scrub.notes.removed > 0) tags.push(REDACTION_TAGS.removed);
      return { ok: true, exchange: { ...cleaned, tags: [...new Set(tags)] }, withheld: withheld.length };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, reason: error.reason, detail: error.message };
      return { ok: false, reason: 'redaction-failed', detail: error instanceof Error ? error.message : String(error) };
    }
  };
}

/**
 * Whether redaction changed the kept part of a cut body. Its hash is then dropped: it is of the
 * original bytes, sensitive ones included, which a file must not fingerprint, and a candidate
 * answering the redacted request would not send them back, so the hashes could never agree.
 * Replay then says such a body could not be compared instead of reporting a false mismatch.
 */
function changedByRedaction(original: Uint8Array, cleaned: Uint8Array): boolean {
  if (cleaned.byteLength > original.byteLength) return true;
  const kept = Buffer.from(original.buffer, original.byteOffset, cleaned.byteLength);
  return cleaned.byteLength === 0 || !kept.equals(cleaned);
}

/** What a report shows in place of something redaction refused to keep (track data). */
export function withheldNote(reason: RedactionRefusal): string {
  return `(withheld by redaction: ${reason})`;
}

/**
 * Free text cleaned the same way (card numbers by evidence, labelled values, track data): for
 * strings that reach a file from outside an exchange's structure, such as a report's group
 * signatures and body paths, which name what differed.
 */
export function createTextRedactor(rules: ResolvedRedaction, keys: RedactorKeys): (text: string) => string {
  const scrub = new ScrubContext({ ...rules, key: keys.key, sealKey: keys.sealKey });
  return (text) => {
    scrub.begin();
    try {
      return scrubText(text, scrub);
    } catch (error) {
      if (error instanceof Refusal) return withheldNote(error.reason);
      throw error;
    }
  };
}

/**
 * A body cut at the cap ends wherever the cut fell, maybe inside a card number that can no longer
 * be recognised (`…paid with 453900000095028`): a run of digits at the very end is dropped before
 * cleaning, never stored (the body is marked truncated anyway).
 */
function withoutCutTail(bytes: Uint8Array): Uint8Array {
  let end = bytes.byteLength;
  let digits = 0;
  for (let i = end - 1; i >= 0; i--) {
    const c = bytes[i] ?? 0;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c !== 0x20 && c !== 0x2d && c !== 0x2e && c !== 0x2b && c !== 0x25) break;
    end = i;
  }
  return digits >= 4 ? bytes.subarray(0, end) : bytes;
}

/** The stored headers describe the stored body: a Content-Length follows a body redaction changed. */
function withLength(list: HeaderList, before: Uint8Array, after: Uint8Array): HeaderList {
  if (before.byteLength === after.byteLength) return list;
  return list.map((pair) => (pair[0].toLowerCase() === 'content-length' ? ([pair[0], String(after.byteLength)] as const) : pair));
}


