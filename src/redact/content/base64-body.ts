import { isUtf8 } from 'node:buffer';

/** A base64 body whose decoded bytes are text, and how to write new bytes in its exact style. */
export interface Base64Text {
  readonly decoded: Buffer;
  encode(bytes: Uint8Array): string;
}

interface Style {
  readonly urlSafe: boolean;
  readonly padded: boolean;
  /** Characters per line, or 0 for a single line. */
  readonly width: number;
  readonly eol: string;
  readonly leading: string;
  readonly trailing: string;
}

const MIN_LENGTH = 16;
const MIN_PRINTABLE = 0.9;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * When the whole of `text` (surrounding whitespace allowed; lines of one fixed width, a multiple
 * of 4, allowed) is base64 (standard or URL-safe alphabet, padded or not) of at least 16
 * characters, and its decoded bytes look like text (valid UTF-8, at least 90% printable or
 * whitespace characters): the decoded bytes and how to re-encode. Otherwise undefined.
 * Canonical encodings only (decode → encode must give back the same characters), and never
 * text that is all digits or all hex.
 */
export function asBase64Text(text: string): Base64Text | undefined {
  const outer = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  if (outer === null) return undefined;
  const [, leading = '', core = '', trailing = ''] = outer;
  const eol = core.includes('\r\n') ? '\r\n' : '\n';
  const lines = core.split(eol);
  const width = lines.length > 1 ? (lines[0] ?? '').length : 0;
  if (lines.length > 1) {
    if (width < 4 || width % 4 !== 0) return undefined;
    for (let i = 0; i < lines.length; i++) {
      const length = (lines[i] ?? '').length;
      const last = i === lines.length - 1;
      if (last ? length === 0 || length > width : length !== width) return undefined;
    }
  }
  const joined = lines.join('');
  if (joined.length < MIN_LENGTH) return undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(joined)) return undefined;
  if (!startsAsUtf8(joined) || /^[0-9]+$/.test(joined) || /^[0-9a-fA-F]+$/.test(joined)) return undefined;
  const standardChars = /[+/]/.test(joined);
  const urlChars = /[-_]/.test(joined);
  if (standardChars && urlChars) return undefined;
  const padded = joined.endsWith('=');
  if (padded ? joined.length % 4 !== 0 : joined.length % 4 === 1) return undefined;
  // Without + / - _ the alphabet is unknown: unpadded text of a length that needed padding reads as base64url (JWT-style).
  const urlSafe = urlChars || (!standardChars && !padded && joined.length % 4 !== 0);
  const style: Style = {
    urlSafe,
    // Without '=' a length that needs none leaves padding unknown: pad standard base64, not base64url.
    padded: padded || (joined.length % 4 === 0 && !urlSafe),
    width,
    eol,
    leading,
    trailing,
  };
  const decoded = Buffer.from(joined, 'base64');
  if (!looksLikeText(decoded) || toBase64(decoded, style) !== joined) return undefined;
  return {
    decoded,
    encode(bytes) {
      const chars = toBase64(bytes, style);
      const wrapped = style.width === 0 ? chars : (chars.match(new RegExp(`.{1,${style.width}}`, 'g')) ?? []).join(style.eol);
      return style.leading + wrapped + style.trailing;
    },
  };
}

function toBase64(bytes: Uint8Array, style: Pick<Style, 'urlSafe' | 'padded'>): string {
  let chars = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  if (style.urlSafe) chars = chars.replace(/\+/g, '-').replace(/\//g, '_');
  if (!style.padded) chars = chars.replace(/=+$/, '');
  return chars;
}

function looksLikeText(bytes: Buffer): boolean {
  // Most candidates are ids that decode to binary: a check that does not throw turns them away cheaply.
  if (!isUtf8(bytes)) return false;
  const text = utf8.decode(bytes);
  let total = 0;
  let printable = 0;
  for (const char of text) {
    total++;
    const code = char.codePointAt(0) ?? 0;
    const whitespace = code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (whitespace || !control) printable++;
  }
  return total > 0 && printable >= MIN_PRINTABLE * total;
}

/** Each base64 character's 6 bits, both alphabets (−1: not base64). */
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTETS['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
SEXTETS[0x2d] = 62;
SEXTETS[0x5f] = 63;

/**
 * Whether the 3 bytes the first 4 characters of `chars` (base64, either alphabet) decode to can
 * begin UTF-8. Most base64-looking strings are ids and hashes whose bytes are binary from the
 * first one: this turns them away before the whole string is decoded. False only when the bytes
 * are certainly not UTF-8 (a stray continuation byte, an impossible lead, a lead without its
 * continuation); anything it cannot rule out passes.
 */
export function startsAsUtf8(chars: string): boolean {
  if (chars.length < 4) return true;
  const a = SEXTETS[chars.charCodeAt(0)] ?? -1;
  const b = SEXTETS[chars.charCodeAt(1)] ?? -1;
  const c = SEXTETS[chars.charCodeAt(2)] ?? -1;
  const d = SEXTETS[chars.charCodeAt(3)] ?? -1;
  if (a < 0 || b < 0 || c < 0 || d < 0) return true;
  const bytes = [(a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d];
  let need = 0;
  for (const byte of bytes) {
    const continuation = byte >= 0x80 && byte <= 0xbf;
    if (need > 0) {
      if (!continuation) return false;
      need--;
    } else if (byte >= 0x80) {
      if (byte < 0xc2 || byte > 0xf4) return false;
      need = byte < 0xe0 ? 1 : byte < 0xf0 ? 2 : 3;
    }
  }
  return true;
}
