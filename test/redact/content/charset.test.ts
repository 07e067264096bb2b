import { describe, expect, test } from 'vitest';
import { decodeText, detectTextEncoding, encodeText } from '../../../src/redact/content/charset.js';

const json = '{"email":"ana@example.com","note":"caf\u00e9 \u20ac \ud83d\ude00"}';
const le = Buffer.from(json, 'utf16le');
const be = Buffer.from(le).swap16();
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);
const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

describe('detectTextEncoding', () => {
  test('plain UTF-8 (and no body) is utf8', () => {
    expect(detectTextEncoding(Buffer.from(json), 'application/json')).toEqual({ kind: 'utf8', bom: false });
    expect(detectTextEncoding(Buffer.from(json), undefined)).toEqual({ kind: 'utf8', bom: false });
    expect(detectTextEncoding(Buffer.alloc(0), undefined)).toEqual({ kind: 'utf8', bom: false });
  });

  test('a BOM decides, with or without a charset', () => {
    expect(detectTextEncoding(Buffer.concat([BOM_LE, le]), undefined)).toEqual({ kind: 'utf16le', bom: true });
    expect(detectTextEncoding(Buffer.concat([BOM_BE, be]), 'application/json')).toEqual({ kind: 'utf16be', bom: true });
    expect(detectTextEncoding(Buffer.concat([BOM_LE, le]), 'text/plain; charset=utf-16')).toEqual({ kind: 'utf16le', bom: true });
    expect(detectTextEncoding(Buffer.concat([BOM_BE, be]), 'text/plain; charset=UTF-16')).toEqual({ kind: 'utf16be', bom: true });
    expect(detectTextEncoding(Buffer.concat([BOM_UTF8, Buffer.from(json)]), 'application/json')).toEqual({ kind: 'utf8', bom: true });
  });

  test('an explicit byte order in the charset', () => {
    expect(detectTextEncoding(le, 'application/json; charset=utf-16le')).toEqual({ kind: 'utf16le', bom: false });
    expect(detectTextEncoding(be, 'application/json;charset="UTF-16BE"')).toEqual({ kind: 'utf16be', bom: false });
    expect(detectTextEncoding(Buffer.concat([BOM_LE, le]), 'text/plain; charset=utf-16le')).toEqual({ kind: 'utf16le', bom: true });
  });

  test('charset=utf-16 without a BOM: the zero pattern decides, else big-endian (RFC 2781)', () => {
    expect(detectTextEncoding(le, 'text/plain; charset=utf-16')).toEqual({ kind: 'utf16le', bom: false });
    expect(detectTextEncoding(be, 'text/plain; charset=utf-16')).toEqual({ kind: 'utf16be', bom: false });
    const cjk = Buffer.from('\u4f60\u597d\u4e16\u754c', 'utf16le').swap16();
    expect(detectTextEncoding(cjk, 'text/plain; charset=utf-16')).toEqual({ kind: 'utf16be', bom: false });
  });

  test('no charset, no BOM: the UTF-16 signature of mostly-ASCII text', () => {
    expect(detectTextEncoding(le, undefined)).toEqual({ kind: 'utf16le', bom: false });
    expect(detectTextEncoding(be, 'application/json')).toEqual({ kind: 'utf16be', bom: false });
    expect(detectTextEncoding(Buffer.from('a', 'utf16le'), undefined)).toEqual({ kind: 'utf16le', bom: false });
  });

  test('odd lengths, binary zeros and NUL-padded data are not UTF-16', () => {
    expect(detectTextEncoding(Buffer.concat([le, Buffer.from([0x41])]), undefined).kind).toBe('utf8');
    expect(detectTextEncoding(Buffer.alloc(64), undefined).kind).toBe('utf8');
    const mixed = Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 4 === 1 || i % 4 === 2 ? 0 : 0x41)));
    expect(detectTextEncoding(mixed, undefined).kind).toBe('utf8');
  });

  test('only the first 256 bytes are sampled', () => {
    const body = Buffer.concat([Buffer.from('x'.repeat(128), 'utf16le'), Buffer.alloc(1000, 0x41)]);
    expect(detectTextEncoding(body, undefined).kind).toBe('utf16le');
  });
});

describe('decodeText / encodeText', () => {
  const cases = [
    { label: 'utf16le with BOM', bytes: Buffer.concat([BOM_LE, le]), contentType: undefined },
    { label: 'utf16le without BOM', bytes: le, contentType: undefined },
    { label: 'utf16be with BOM', bytes: Buffer.concat([BOM_BE, be]), contentType: undefined },
    { label: 'utf16be without BOM', bytes: be, contentType: 'application/json; charset=utf-16be' },
    { label: 'utf16 charset, BE', bytes: be, contentType: 'text/plain; charset=utf-16' },
    { label: 'utf8', bytes: Buffer.from(json), contentType: 'application/json' },
    { label: 'utf8 with BOM', bytes: Buffer.concat([BOM_UTF8, Buffer.from(json)]), contentType: undefined },
  ];

  test.each(cases)('$label: decodes without the BOM and re-encodes byte-exactly', ({ bytes, contentType }) => {
    const enc = detectTextEncoding(bytes, contentType);
    const text = decodeText(bytes, enc);
    expect(text).toBe(json);
    expect(encodeText(text, enc).equals(bytes)).toBe(true);
  });

  test('an edit re-encodes in the same encoding with the BOM restored', () => {
    const bytes = Buffer.concat([BOM_BE, be]);
    const enc = detectTextEncoding(bytes, undefined);
    const edited = encodeText(decodeText(bytes, enc).replace('ana@example.com', 'x@example.org'), enc);
    expect(edited.subarray(0, 2).equals(BOM_BE)).toBe(true);
    expect(Buffer.from(edited.subarray(2)).swap16().toString('utf16le')).toBe(json.replace('ana@example.com', 'x@example.org'));
  });

  test('lone surrogates round-trip in UTF-16', () => {
    const bytes = Buffer.from('ab\ud800cd', 'utf16le');
    const enc = { kind: 'utf16le', bom: false } as const;
    expect(encodeText(decodeText(bytes, enc), enc).equals(bytes)).toBe(true);
  });

  test('an odd trailing byte (a truncated body) decodes as U+FFFD', () => {
    expect(decodeText(Buffer.concat([le, Buffer.from([0x41])]), { kind: 'utf16le', bom: false })).toBe(`${json}\ufffd`);
    expect(decodeText(Buffer.from([0x00, 0x41, 0x00]), { kind: 'utf16be', bom: false })).toBe('A\ufffd');
  });

  test('decodeText does not modify its input', () => {
    const bytes = Buffer.from(be);
    decodeText(bytes, { kind: 'utf16be', bom: false });
    expect(bytes.equals(be)).toBe(true);
  });

  test('bom: false keeps a BOM-like first character as text', () => {
    expect(decodeText(Buffer.concat([BOM_LE, le]), { kind: 'utf16le', bom: false })).toBe(`\ufeff${json}`);
  });
});
