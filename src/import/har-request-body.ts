import { headerValue, type HeaderList } from '../core/exchange.js';
import { isObject } from './fields.js';
import { contentBytes, type EntryContext } from './har-content.js';
import { boundaryOf, formBodyOf } from './har-form-body.js';
import { IMPORT_TAGS } from './import-tags.js';
import { sha256Of } from './whole-body.js';

export interface SentBody {
  readonly body: Buffer;
  readonly truncated: boolean;
  readonly tags: readonly string[];
  /** The Content-Type a rebuilt body needs (a multipart boundary of ours). */
  readonly contentType?: string;
  /** `postData._sha256`: the whole body's SHA-256, for a body cut at the cap (a Parity export's). */
  readonly sha256?: string;
}

const NO_BODY: SentBody = { body: Buffer.alloc(0), truncated: false, tags: [] };
const MISSING_BODY: SentBody = { body: Buffer.alloc(0), truncated: true, tags: [IMPORT_TAGS.requestBodyMissing] };

export async function requestBodyOf(postData: unknown, headers: HeaderList, context: EntryContext): Promise<SentBody | string> {
  // Parity's exports leave postData out for an empty body, whatever the headers say.
  const announced = !context.exact && bodyAnnounced(headers);
  if (postData === undefined) return announced ? MISSING_BODY : NO_BODY;
  if (!isObject(postData)) return 'request.postData: expected an object';
  const hash = sha256Of(postData['_sha256'], 'request.postData._sha256');
  if (typeof hash === 'string') return hash;
  const body = await contentBytes(postData, context, 'request.postData');
  if (typeof body === 'string') return body;
  if (body !== undefined) return { body, truncated: false, tags: [], ...(hash.sha256 !== undefined ? { sha256: hash.sha256 } : {}) };
  const mimeType = typeof postData['mimeType'] === 'string' && postData['mimeType'] !== '' ? postData['mimeType'] : (headerValue(headers, 'content-type') ?? '');
  const params = postData['params'];
  if (Array.isArray(params) && params.length > 0) {
    const form = formBodyOf(params, mimeType);
    if (typeof form === 'string') return form;
    const tags = [IMPORT_TAGS.requestBodyRebuilt, ...(form.fileContentMissing ? [IMPORT_TAGS.requestBodyMissing] : [])];
    return { body: form.body, truncated: form.fileContentMissing, tags, contentType: form.contentType };
  }
  // A postData with a type but no content: the writer knew of a body it did not keep.
  return announced || (!context.exact && mimeType !== '') ? MISSING_BODY : NO_BODY;
}

/** The request headers say a body was sent (a positive Content-Length, or Transfer-Encoding). */
function bodyAnnounced(headers: HeaderList): boolean {
  const length = headerValue(headers, 'content-length');
  return (length !== undefined && /^\s*0*[1-9]\d*\s*$/.test(length)) || headerValue(headers, 'transfer-encoding') !== undefined;
}

/** Headers that describe a rebuilt body: its Content-Type (boundary) and length. */
export function withBodyHeaders(headers: HeaderList, sent: SentBody): HeaderList {
  if (sent.contentType === undefined) return headers;
  const type = sent.contentType;
  const out = headers.map(([name, value]): readonly [string, string] => {
    const lower = name.toLowerCase();
    if (lower === 'content-type') return [name, boundaryOf(value) === undefined ? type : value];
    if (lower === 'content-length') return [name, String(sent.body.length)];
    return [name, value];
  });
  return headerValue(out, 'content-type') === undefined ? [...out, ['Content-Type', type]] : out;
}
