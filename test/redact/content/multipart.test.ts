import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { multipartBoundary, rewriteMultipart, type MultipartPart } from '../../../src/redact/content/multipart.js';

const B = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000), Buffer.from('\r\n--')]);

function body(parts: { headers: string; body: Buffer | string }[], options: { preamble?: string; epilogue?: string; boundary?: string } = {}): Buffer {
  const boundary = options.boundary ?? B;
  const chunks: Buffer[] = [Buffer.from(options.preamble ?? '')];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${part.headers}\r\n\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--${options.epilogue ?? ''}`));
  return Buffer.concat(chunks);
}

const form = body(
  [
    { headers: 'Content-Disposition: form-data; name="email"', body: 'ana@example.com' },
    { headers: 'Content-Disposition: form-data; name="avatar"; filename="me.png"\r\nContent-Type: image/png', body: binary },
    { headers: 'Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json', body: '{"card":"4111111111111111"}' },
  ],
  { preamble: 'This is the preamble.\r\n', epilogue: '\r\nThis is the epilogue.\r\n' },
);

function partsOf(bytes: Uint8Array, boundary = B, options: { partial?: boolean } = {}): MultipartPart[] {
  const seen: MultipartPart[] = [];
  const out = rewriteMultipart(
    bytes,
    boundary,
    (part) => {
      seen.push(part);
      return undefined;
    },
    options,
  );
  expect(out).toBe(bytes);
  return seen;
}

describe('multipartBoundary', () => {
  test('token and quoted boundaries of multipart types', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('Multipart/Mixed;charset=utf-8;  BOUNDARY="gc0p4Jq0M2Yt08j34c0p"')).toBe('gc0p4Jq0M2Yt08j34c0p');
    expect(multipartBoundary('multipart/form-data; boundary="with space; and semicolon"')).toBe('with space; and semicolon');
    expect(multipartBoundary('multipart/related; type="text/xml"; boundary=abc')).toBe('abc');
  });

  test('undefined for other types or no boundary', () => {
    expect(multipartBoundary(undefined)).toBeUndefined();
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data; boundary=')).toBeUndefined();
    expect(multipartBoundary('multipart/form-data; boundary=""')).toBeUndefined();
    expect(multipartBoundary('application/json; boundary=abc')).toBeUndefined();
  });
});

describe('rewriteMultipart: reading', () => {
  test('text and binary parts with their names, filenames and types', () => {
    const parts = partsOf(form);
    expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['email', undefined, undefined],
      ['avatar', 'me.png', 'image/png'],
      ['meta', undefined, 'application/json'],
    ]);
    expect(parts[0]?.body.toString()).toBe('ana@example.com');
    expect(parts[1]?.body.equals(binary)).toBe(true);
    expect(parts[1]?.headers).toBe('Content-Disposition: form-data; name="avatar"; filename="me.png"\r\nContent-Type: image/png');
    expect(parts[2]?.body.toString()).toBe('{"card":"4111111111111111"}');
  });

  test('escaped quotes, filename*, unquoted params, folded headers and UTF-8 filenames', () => {
    const bytes = body([
      { headers: 'content-disposition: form-data; name="a \\"quoted\\" name"; filename="C:\\path\\r\u00e9sum\u00e9.pdf"', body: 'x' },
      { headers: "Content-Disposition: attachment; name=plain; filename=old.txt; filename*=UTF-8''na%C3%AFve%20file.txt", body: 'y' },
      { headers: 'Content-Disposition: form-data;\r\n name="folded"\r\nCONTENT-TYPE:  text/plain; charset=utf-8 ', body: 'z' },
      { headers: 'X-Other: 1', body: 'w' },
    ]);
    expect(partsOf(bytes).map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['a "quoted" name', 'C:\\path\\r\u00e9sum\u00e9.pdf', undefined],
      ['plain', 'na\u00efve file.txt', undefined],
      ['folded', undefined, 'text/plain; charset=utf-8'],
      [undefined, undefined, undefined],
    ]);
  });

  test('a part without headers and an empty part body', () => {
    const bytes = Buffer.from(`--${B}\r\n\r\nno headers\r\n--${B}\r\nContent-Disposition: form-data; name="e"\r\n\r\n\r\n--${B}--`);
    const parts = partsOf(bytes);
    expect(parts.map((p) => [p.headers, p.body.toString()])).toEqual([
      ['', 'no headers'],
      ['Content-Disposition: form-data; name="e"', ''],
    ]);
  });

  test('bare LF line endings and transport padding after boundaries', () => {
    const bytes = Buffer.from(`--${B}  \nContent-Disposition: form-data; name="a"\n\nvalue a\n--${B}\t\r\nContent-Disposition: form-data; name="b"\n\nvalue b\n--${B}--\n`);
    expect(partsOf(bytes).map((p) => [p.name, p.body.toString()])).toEqual([
      ['a', 'value a'],
      ['b', 'value b'],
    ]);
  });

  test('a line that only starts with the boundary is content', () => {
    const bytes = body([{ headers: 'Content-Disposition: form-data; name="a"', body: `x\r\n--${B}X not a boundary\r\ny` }]);
    expect(partsOf(bytes)[0]?.body.toString()).toBe(`x\r\n--${B}X not a boundary\r\ny`);
  });

  test('a quoted boundary with spaces', () => {
    const contentType = 'multipart/mixed; boundary="simple boundary"';
    const boundary = multipartBoundary(contentType);
    expect(boundary).toBe('simple boundary');
    const bytes = body([{ headers: 'Content-Type: text/plain', body: 'hello' }], { boundary: 'simple boundary' });
    expect(partsOf(bytes, boundary)[0]?.body.toString()).toBe('hello');
  });
});

describe('rewriteMultipart: writing', () => {
  test('returns the input itself when nothing changes (undefined or equal bytes)', () => {
    expect(rewriteMultipart(form, B, () => undefined)).toBe(form);
    expect(rewriteMultipart(form, B, (part) => Buffer.from(part.body))).toBe(form);
    const view = new Uint8Array(form);
    expect(rewriteMultipart(view, B, () => undefined)).toBe(view);
  });

  test('only edited bodies change; preamble, epilogue, headers, binary parts stay byte-exact', () => {
    const out = rewriteMultipart(form, B, (part) => (part.name === 'meta' ? Buffer.from('{"card":"[redacted]"}') : undefined));
    expect(out).toBeInstanceOf(Buffer);
    const expected = body(
      [
        { headers: 'Content-Disposition: form-data; name="email"', body: 'ana@example.com' },
        { headers: 'Content-Disposition: form-data; name="avatar"; filename="me.png"\r\nContent-Type: image/png', body: binary },
        { headers: 'Content-Disposition: form-data; name="meta"\r\nContent-Type: application/json', body: '{"card":"[redacted]"}' },
      ],
      { preamble: 'This is the preamble.\r\n', epilogue: '\r\nThis is the epilogue.\r\n' },
    );
    expect(Buffer.from(out as Uint8Array).equals(expected)).toBe(true);
  });

  test('editing several parts, including to an empty body', () => {
    const out = rewriteMultipart(form, B, (part) => (part.name === 'email' ? new Uint8Array(0) : part.name === 'avatar' ? Buffer.from('img') : undefined));
    const again = partsOf(out as Uint8Array);
    expect(again.map((p) => p.body.toString())).toEqual(['', 'img', '{"card":"4111111111111111"}']);
  });

  test('does not modify its input', () => {
    const copy = Buffer.from(form);
    rewriteMultipart(copy, B, (part) => {
      part.body.fill(0x41);
      return part.body;
    });
    expect(copy.equals(form)).toBe(true);
  });

  test('a part whose blank line doubles as the delimiter line break gets one when given a body', () => {
    const sloppy = Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n--${B}--`);
    expect(partsOf(sloppy)[0]?.body.length).toBe(0);
    const out = rewriteMultipart(sloppy, B, () => Buffer.from('v'));
    expect(Buffer.from(out as Uint8Array).toString()).toBe(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`);
  });
});

describe('rewriteMultipart: truncated and malformed bodies', () => {
  test('a truncated body is malformed unless partial', () => {
    const cut = form.subarray(0, form.indexOf('{"card"') + 10);
    expect(rewriteMultipart(cut, B, () => undefined)).toBeUndefined();
    const parts = partsOf(cut, B, { partial: true });
    expect(parts.map((p) => p.name)).toEqual(['email', 'avatar', 'meta']);
    expect(parts[2]?.body.toString()).toBe('{"card":"4');
    const out = rewriteMultipart(cut, B, (part) => (part.name === 'meta' ? Buffer.from('{"card":"*') : undefined), { partial: true });
    expect(Buffer.from(out as Uint8Array).equals(Buffer.concat([form.subarray(0, form.indexOf('{"card"')), Buffer.from('{"card":"*')]))).toBe(true);
  });

  test('partial accepts a cut at every point after the first delimiter and stays byte-exact', () => {
    for (let length = form.indexOf(`--${B}\r\n`) + B.length + 4; length <= form.length; length++) {
      const cut = form.subarray(0, length);
      expect(rewriteMultipart(cut, B, () => undefined, { partial: true })).toBe(cut);
      const out = rewriteMultipart(cut, B, (part) => (part.name === 'email' ? Buffer.from('REDACTED') : undefined), { partial: true });
      expect(out).toBeDefined();
      const text = Buffer.from(out as Uint8Array).toString('latin1');
      expect(text).not.toContain('ana@example.com');
    }
  });

  test('partial: a cut in the first delimiter of a body without preamble is accepted', () => {
    const noPreamble = body([{ headers: 'Content-Disposition: form-data; name="a"', body: 'v' }]);
    for (let length = 0; length <= B.length + 4; length++) {
      const cut = noPreamble.subarray(0, length);
      expect(rewriteMultipart(cut, B, () => Buffer.from('x'), { partial: true })).toBe(cut);
      expect(rewriteMultipart(cut, B, () => undefined)).toBeUndefined();
    }
  });

  test('partial: a cut inside a preamble cannot be told from a non-multipart body', () => {
    expect(rewriteMultipart(form.subarray(0, 10), B, () => undefined, { partial: true })).toBeUndefined();
  });

  test('partial: a trailing start of the next delimiter is not part of the body', () => {
    const cut = form.subarray(0, form.indexOf('ana@example.com') + 'ana@example.com'.length + 5);
    expect(cut.toString('latin1').endsWith('com\r\n---')).toBe(true);
    const parts = partsOf(cut, B, { partial: true });
    expect(parts.at(-1)?.body.toString()).toBe('ana@example.com');
    const out = rewriteMultipart(cut, B, () => Buffer.from('x'), { partial: true });
    expect(Buffer.from(out as Uint8Array).toString('latin1').endsWith('\r\n\r\nx\r\n---')).toBe(true);
  });

  test('partial: a cut inside a part header block keeps the bytes and edits nothing of it', () => {
    const cut = form.subarray(0, form.indexOf('name="avatar"'));
    expect(partsOf(cut, B, { partial: true }).map((p) => p.name)).toEqual(['email']);
  });

  test('malformed bodies return undefined', () => {
    expect(rewriteMultipart(Buffer.from('{"not":"multipart"}'), B, () => undefined)).toBeUndefined();
    expect(rewriteMultipart(Buffer.from('{"not":"multipart"}'), B, () => undefined, { partial: true })).toBeUndefined();
    expect(rewriteMultipart(form, 'other-boundary', () => undefined)).toBeUndefined();
    expect(rewriteMultipart(form, '', () => undefined)).toBeUndefined();
    expect(rewriteMultipart(Buffer.alloc(0), B, () => undefined)).toBeUndefined();
    // A part without the blank line that ends its headers.
    expect(rewriteMultipart(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"\r\nvalue\r\n--${B}--`), B, () => undefined)).toBeUndefined();
    // No closing delimiter.
    expect(rewriteMultipart(Buffer.from(`--${B}\r\n\r\nvalue\r\n`), B, () => undefined)).toBeUndefined();
    // No part at all.
    expect(rewriteMultipart(Buffer.from(`--${B}--\r\n`), B, () => undefined)).toBeUndefined();
    expect(rewriteMultipart(Buffer.from(`preamble\r\n--${B}--`), B, () => undefined, { partial: true })).toBeUndefined();
    // Garbage right after a boundary (so the close delimiter would be the first one).
    expect(rewriteMultipart(Buffer.from(`--${B}-x\r\n\r\nvalue\r\n--${B}--`), B, () => undefined)).toBeUndefined();
  });

  test('no edit is called on a body that turns out malformed', () => {
    let calls = 0;
    rewriteMultipart(Buffer.from(`--${B}\r\n\r\nvalue\r\n--${B}`), B, () => {
      calls++;
      return undefined;
    });
    expect(calls).toBe(0);
  });
});
