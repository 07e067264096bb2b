import { isUtf8 } from 'node:buffer';

export type BodyEncoding = 'utf8' | 'base64';

/** Text for a body in a JSON file: UTF-8 text when the bytes are valid UTF-8, otherwise base64. */
export function encodeBody(bytes: Uint8Array): { readonly text: string; readonly encoding: BodyEncoding } {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? { text: buffer.toString('utf8'), encoding: 'utf8' } : { text: buffer.toString('base64'), encoding: 'base64' };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/**
 * False for text holding a lone UTF-16 surrogate: it has no UTF-8 form, so the bytes it stood for
 * are unknowable. ES2024's String.prototype.isWellFormed (Node 20), not yet in TypeScript's ES2023 lib.
 */
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The bytes of a body written as `text` in `encoding`, or the problem with it. Node's own base64
 * decoder skips bad characters silently; this one refuses them, since the bytes would be wrong.
 */
export function decodeBody(text: string, encoding: string): Buffer | string {
  if (encoding === 'base64') {
    const compact = text.replace(/[\r\n\t ]/g, '');
    if (compact.length % 4 === 1 || !BASE64.test(compact)) return 'invalid base64';
    return Buffer.from(compact, 'base64');
  }
  if (encoding === 'utf8') {
    if (!isWellFormed(text)) return 'text with a lone surrogate cannot be UTF-8 (use base64)';
    return Buffer.from(text, 'utf8');
  }
  return `unknown encoding ${JSON.stringify(encoding).slice(0, 40)}; expected "utf8" or "base64"`;
}
