import { createHash, randomBytes } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { asBase64Text, startsAsUtf8 } from '../../../src/redact/content/base64-body.js';

const json = JSON.stringify({ card: '4111111111111111', email: 'ana@example.com', note: 'caf\u00e9 ~ ok?>' });
const longJson = JSON.stringify({ items: Array.from({ length: 12 }, (_, i) => ({ id: i, email: `user${i}@example.com`, memo: 'x?y>z~' })) });

function wrap(chars: string, width: number, eol: string): string {
  return (chars.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol);
}

describe('asBase64Text: positives', () => {
  test('standard padded base64 of JSON', () => {
    const text = Buffer.from(json).toString('base64');
    expect(text).toMatch(/[+/]|=$/);
    const found = asBase64Text(text);
    expect(found?.decoded.toString()).toBe(json);
    expect(found?.encode(found.decoded)).toBe(text);
  });

  test('URL-safe unpadded (base64url) keeps its alphabet and lack of padding', () => {
    const text = Buffer.from(json).toString('base64url');
    expect(text).toMatch(/[-_]/);
    expect(text).not.toMatch(/=/);
    const found = asBase64Text(text);
    expect(found?.decoded.toString()).toBe(json);
    expect(found?.encode(found.decoded)).toBe(text);
    const edited = found?.encode(Buffer.from(json.replace('ana@example.com', 'someone.else@example.org')));
    expect(edited).not.toMatch(/[+/=]/);
    expect(Buffer.from(edited ?? '', 'base64url').toString()).toContain('someone.else@example.org');
  });

  test('URL-safe padded', () => {
    const text = Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const found = asBase64Text(text);
    expect(found?.decoded.toString()).toBe(json);
    expect(found?.encode(found.decoded)).toBe(text);
  });

  test('standard alphabet without padding', () => {
    const text = Buffer.from(`${json}!`).toString('base64').replace(/=+$/, '');
    expect(text.length % 4).not.toBe(0);
    const found = asBase64Text(text);
    expect(found?.decoded.toString()).toBe(`${json}!`);
    expect(found?.encode(found.decoded)).toBe(text);
  });

  test.each([
    [76, '\r\n'],
    [64, '\n'],
  ])('MIME line-wrapped JSON (%i columns) re-encodes with the same wrapping and whitespace', (width, eol) => {
    const text = `\n  ${wrap(Buffer.from(longJson).toString('base64'), width, eol)}${eol}`;
    const found = asBase64Text(text);
    expect(found?.decoded.toString()).toBe(longJson);
    expect(found?.encode(found.decoded)).toBe(text);
    const edited = found?.encode(Buffer.from(longJson.replace(/example\.com/g, 'example.org!!')));
    const lines = edited?.trim().split(eol) ?? [];
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(0, -1).every((line) => line.length === width)).toBe(true);
    expect(edited?.startsWith('\n  ')).toBe(true);
    expect(edited?.endsWith(eol)).toBe(true);
    expect(Buffer.from(edited ?? '', 'base64').toString()).toBe(longJson.replace(/example\.com/g, 'example.org!!'));
  });

  test('plain text and form bodies count as text', () => {
    const text = Buffer.from('user=ana&password=hunter2&remember=yes').toString('base64');
    expect(asBase64Text(text)?.decoded.toString()).toBe('user=ana&password=hunter2&remember=yes');
  });
});

describe('asBase64Text: negatives', () => {
  test('hex digests', () => {
    expect(asBase64Text(createHash('sha256').update('x').digest('hex'))).toBeUndefined();
    expect(asBase64Text(createHash('md5').update('x').digest('hex').toUpperCase())).toBeUndefined();
  });

  test('numbers', () => {
    expect(asBase64Text('12345678901234567890')).toBeUndefined();
    expect(asBase64Text('4111111111111111')).toBeUndefined();
  });

  test('short words and short base64', () => {
    expect(asBase64Text('password')).toBeUndefined();
    expect(asBase64Text('aGVsbG8=')).toBeUndefined();
    expect(asBase64Text('')).toBeUndefined();
  });

  test('identifiers and words that happen to be base64-alphabet', () => {
    for (const word of ['AuthorizationHeaderValue', 'SuperCalifragilisticExpialidocious', 'abcdefghijklmnopqrstuvwx', 'user_id_with_underscores']) {
      expect(asBase64Text(word)).toBeUndefined();
    }
  });

  test('base64 of random binary and of digests', () => {
    for (let i = 0; i < 50; i++) expect(asBase64Text(randomBytes(48).toString('base64'))).toBeUndefined();
    expect(asBase64Text(createHash('sha256').update('x').digest('base64'))).toBeUndefined();
  });

  test('non-canonical trailing bits fail the round trip', () => {
    const text = Buffer.from(`${json}!`).toString('base64');
    expect(text.endsWith('=')).toBe(true);
    const lastData = text.replace(/=+$/, '').slice(-1);
    const altered = `${text.replace(/=+$/, '').slice(0, -1)}${String.fromCharCode(lastData.charCodeAt(0) + 1)}${text.match(/=+$/)?.[0] ?? ''}`;
    expect(Buffer.from(altered, 'base64').toString()).toBe(`${json}!`);
    expect(asBase64Text(altered)).toBeUndefined();
  });

  test('mixed alphabets, bad padding, inner spaces and ragged lines', () => {
    const text = Buffer.from(json).toString('base64');
    const long = Buffer.from(longJson).toString('base64');
    expect(long.match(/[+/]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    const mixed = long.replace(/\+/, '-').replace(/\//, '_');
    const oneUrlSafe = long.replace(/[+/]/, (c) => (c === '+' ? '-' : '_'));
    expect(Buffer.from(oneUrlSafe, 'base64').toString()).toBe(longJson);
    expect(asBase64Text(oneUrlSafe)).toBeUndefined();
    expect(asBase64Text(mixed)).toBeUndefined();
    expect(asBase64Text(`${text.replace(/=+$/, '')}A=`)).toBeUndefined();
    expect(asBase64Text(`${text.slice(0, 20)} ${text.slice(20)}`)).toBeUndefined();
    expect(asBase64Text(`${text.slice(0, 20)}\n${text.slice(20, 44)}\n${text.slice(44)}`)).toBeUndefined();
    expect(asBase64Text(`${text}\n\n${text}`)).toBeUndefined();
  });

  test('JSON and ordinary text are not base64', () => {
    expect(asBase64Text(json)).toBeUndefined();
    expect(asBase64Text('hello world, this is plain text')).toBeUndefined();
  });

  test('base64 of text with many control characters', () => {
    expect(asBase64Text(Buffer.from('\u0001\u0002\u0003\u0004abcdefghijklmnop\u0005\u0006').toString('base64'))).toBeUndefined();
  });
});

describe('startsAsUtf8', () => {
  test('turns away only base64 whose bytes are certainly not UTF-8', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let rejected = 0;
    for (let n = 0; n < 20_000; n++) {
      const bytes = Buffer.from(Array.from({ length: 3 + Math.floor(random() * 30) }, () => (random() < 0.5 ? 0x20 + Math.floor(random() * 0x5f) : Math.floor(random() * 256))));
      for (const chars of [bytes.toString('base64'), bytes.toString('base64url')]) {
        if (startsAsUtf8(chars)) continue;
        rejected++;
        expect(isUtf8(bytes), chars).toBe(false);
      }
    }
    expect(rejected).toBeGreaterThan(1_000);
    expect(startsAsUtf8(Buffer.from('héllo wörld, text').toString('base64'))).toBe(true);
    expect(startsAsUtf8('req_00000000-0000-4000-8000-000000000000')).toBe(false);
  });
});
