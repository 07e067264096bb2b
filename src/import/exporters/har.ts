import { headerValue, type Answer, type Exchange, type HeaderList } from '../../core/exchange.js';
import { ContentDecodeError, decodeContent, parseContentEncoding } from '../../util/content-encoding.js';
import { encodeBody } from '../body-encoding.js';
import { HAR_CREATOR_NAME, HAR_MARKER } from '../export-marker.js';
import { schemeOf } from '../import-tags.js';
import { wholeFields, type WholeBody } from '../whole-body.js';
import type { Exporter } from './exporter.js';

/**
 * HAR 1.2, written entry by entry (the document is never built in memory). Fields HAR has no
 * place for ride in underscore extensions, as the spec allows: `_parity` on each entry (truncation
 * flags, tags), `_error` on a response that never came, `encoding: "base64"` on a binary postData.
 * Response text is written decoded (Content-Encoding undone), as HAR readers expect; the
 * response's `_parity.content_decoded` tells Parity's importer to encode it again. A body cut at
 * the cap keeps its whole length where HAR puts it (`content.size`, `bodySize`: larger than the
 * text, as a browser writes a body it did not keep whole) and its SHA-256 in `_sha256`.
 */
export const harExporter = {
  format: 'har',
  description: 'HAR 1.2, opens in browser devtools and HAR viewers; re-imports exactly',
  async write(exchanges, sink, { version }) {
    const creator = { name: HAR_CREATOR_NAME, version };
    await sink.write(`{"log":{"version":"1.2","creator":${JSON.stringify(creator)},"_parity":${JSON.stringify(HAR_MARKER)},"entries":[`);
    let count = 0;
    for (const exchange of exchanges) {
      const wait = sink.write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(harEntry(exchange))}`);
      if (wait) await wait;
      count++;
    }
    await sink.write(`${count === 0 ? '' : '\n'}]}}\n`);
    return count;
  },
} satisfies Exporter;

function harEntry(e: Exchange) {
  const r = e.response;
  const requestWhole = e.requestTruncated ? wholeFields({ fullLength: e.requestFullLength, sha256: e.requestSha256 }) : {};
  const ms = r.latencyUs / 1000;
  return {
    startedDateTime: new Date(e.recordedAt).toISOString(),
    time: ms,
    request: {
      method: e.method,
      url: `${schemeOf(e.tags) ?? 'http'}://${hostOf(e.requestHeaders)}${e.path}${e.query === '' ? '' : `?${e.query}`}`,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(e.requestHeaders),
      queryString: queryPairs(e.query),
      ...(e.requestBody.byteLength > 0 ? { postData: { mimeType: headerValue(e.requestHeaders, 'content-type') ?? '', ...content(e.requestBody), ...sha256Field(requestWhole) } } : {}),
      headersSize: -1,
      bodySize: requestWhole.fullLength ?? e.requestBody.byteLength,
    },
    response:
      r.kind === 'answer'
        ? {
            status: r.status,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: harHeaders(r.headers),
            ...responseContent(r),
            redirectURL: headerValue(r.headers, 'location') ?? '',
            headersSize: -1,
            bodySize: (r.truncated ? r.fullLength : undefined) ?? r.body.byteLength,
          }
        : { status: 0, statusText: '', httpVersion: '', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1, _error: r.error },
    cache: {},
    timings: { send: 0, wait: ms, receive: 0 },
    _parity: { request_truncated: e.requestTruncated, response_truncated: r.kind === 'answer' && r.truncated, tags: e.tags },
  };
}

function content(bytes: Uint8Array): { text: string; encoding?: 'base64' } {
  const { text, encoding } = encodeBody(bytes);
  return encoding === 'base64' ? { text, encoding } : { text };
}

/** The body as content: decoded when its Content-Encoding can be undone (not when cut short or corrupt). */
function responseContent(r: Answer) {
  const mimeType = headerValue(r.headers, 'content-type') ?? '';
  const coding = parseContentEncoding(headerValue(r.headers, 'content-encoding'));
  if (!r.truncated && 'codings' in coding && coding.codings.length > 0 && r.body.byteLength > 0) {
    const decoded = decodedOrUndefined(r.body, coding.codings);
    if (decoded) return { content: { size: decoded.length, compression: decoded.length - r.body.byteLength, mimeType, ...content(decoded) }, _parity: { content_decoded: true } };
  }
  const whole = r.truncated ? wholeFields(r) : {};
  return { content: { size: whole.fullLength ?? r.body.byteLength, mimeType, ...content(r.body), ...sha256Field(whole) } };
}

/** `_sha256` of a cut body (HAR has no field for it; extensions start with `_`). */
const sha256Field = (whole: WholeBody) => (whole.sha256 !== undefined ? { _sha256: whole.sha256 } : {});

function decodedOrUndefined(body: Uint8Array, codings: Parameters<typeof decodeContent>[1]): Buffer | undefined {
  try {
    return decodeContent(body, codings);
  } catch (error) {
    if (error instanceof ContentDecodeError) return undefined;
    throw error;
  }
}

const harHeaders = (list: HeaderList) => list.map(([name, value]) => ({ name, value }));


/** The Host header when it is a plain host[:port]; the URL needs one, the importer discards it. */
function hostOf(headers: HeaderList): string {
  const host = headerValue(headers, 'host');
  return host !== undefined && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : 'localhost';
}

function queryPairs(query: string): { name: string; value: string }[] {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { name: decode(part), value: '' } : { name: decode(part.slice(0, eq)), value: decode(part.slice(eq + 1)) };
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
