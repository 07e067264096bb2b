import { createHash } from 'node:crypto';
import { isObject } from './fields.js';

/** A request body rebuilt from HAR `postData.params`. */
export interface FormBody {
  readonly body: Buffer;
  /** The Content-Type the body needs: a multipart one names its boundary. */
  readonly contentType: string;
  /** A file part named a file but held none of its content. */
  readonly fileContentMissing: boolean;
}

interface Param {
  readonly name: string;
  readonly value: string | undefined;
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
}

/**
 * HAR 1.2 gives form posts as `params` instead of `text` (the two are exclusive), so the bytes
 * must be rebuilt: URL-encoded as a browser encodes a form, or as multipart/form-data with the
 * boundary the file names (in `mimeType` or the Content-Type header), else a stable one of ours.
 */
export function formBodyOf(params: unknown[], mimeType: string): FormBody | string {
  const list: Param[] = [];
  for (const p of params) {
    const param = paramOf(p);
    if (!param) return 'request.postData.params: expected {name, value} string objects';
    list.push(param);
  }
  if (!/^multipart\//i.test(mimeType.trim())) {
    const body = new URLSearchParams(list.map((p): [string, string] => [p.name, p.value ?? ''])).toString();
    return { body: Buffer.from(body), contentType: mimeType.trim() === '' ? 'application/x-www-form-urlencoded' : mimeType, fileContentMissing: false };
  }
  const named = boundaryOf(mimeType);
  const boundary = named ?? `----ParityFormBoundary${createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 24)}`;
  const parts: Buffer[] = [];
  for (const p of list) {
    const disposition = `form-data; name="${quoted(p.name)}"${p.fileName === undefined ? '' : `; filename="${quoted(p.fileName)}"`}`;
    const type = p.contentType === undefined ? '' : `Content-Type: ${p.contentType}\r\n`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n${p.value ?? ''}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(parts),
    contentType: named === undefined ? `${mimeType.trim()}; boundary=${boundary}` : mimeType,
    fileContentMissing: list.some((p) => p.fileName !== undefined && p.value === undefined),
  };
}

/** The boundary parameter of a multipart media type (quoted or not). */
export function boundaryOf(mediaType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(mediaType);
  return m?.[1] ?? m?.[2];
}

function paramOf(value: unknown): Param | undefined {
  if (!isObject(value) || typeof value['name'] !== 'string') return undefined;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  for (const key of ['value', 'fileName', 'contentType']) if (value[key] !== undefined && typeof value[key] !== 'string') return undefined;
  return { name: value['name'], value: text('value'), fileName: text('fileName'), contentType: text('contentType') };
}

/** Field and file names in a Content-Disposition, escaped as browsers do (HTML's form-data encoding). */
const quoted = (name: string) => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
