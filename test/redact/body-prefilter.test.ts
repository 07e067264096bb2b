import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { headerValue, type HeaderList, type NewExchange } from '../../src/core/exchange.js';
import { provablyClean } from '../../src/redact/body-prefilter.js';
import { resolveRedaction } from '../../src/redact/redaction-rules.js';
import { createRedactor } from '../../src/redact/redactor.js';
import { scrubBytes } from '../../src/redact/scrub-content.js';
import { ScrubContext, type ScrubSettings } from '../../src/redact/scrub-context.js';
import { decodeContent, parseContentEncoding } from '../../src/util/content-encoding.js';

/**
 * The prefilter lets a body skip the redaction walk only when it proves the walk would change
 * nothing. The guard is the redaction corpus: every body the walk changes (every positive) must be
 * "may hold", and every body it lets through must come out of the walk byte for byte the same.
 */

interface CorpusCase {
  readonly id: string;
  readonly headers: HeaderList;
  readonly bodyBase64: string;
}
const CORPUS = (JSON.parse(readFileSync(new URL('../fixtures/redaction/corpus.json', import.meta.url), 'utf8')) as { cases: CorpusCase[] }).cases;
const KEY = Buffer.from('prefilter-test-key-0123456789abcdef');
const SETTINGS: ScrubSettings = { ...resolveRedaction(), key: KEY };

/** What the walk alone makes of a body: its bytes, or the error that withholds or refuses it. */
function walked(content: Uint8Array, contentType: string | undefined): Uint8Array | Error {
  const scrub = new ScrubContext({ ...SETTINGS, walkEverything: true });
  scrub.begin();
  try {
    return scrubBytes(content, contentType, scrub);
  } catch (error) {
    return error as Error;
  }
}

function unchanged(content: Uint8Array, result: Uint8Array | Error): boolean {
  return !(result instanceof Error) && Buffer.from(result).equals(Buffer.from(content));
}

/** A corpus body as the engine sees it: decoded from its Content-Encoding. */
function contentOf(c: CorpusCase): Uint8Array | undefined {
  const body = Buffer.from(c.bodyBase64, 'base64');
  const coding = parseContentEncoding(headerValue(c.headers, 'content-encoding'));
  if ('unknown' in coding) return undefined;
  try {
    return coding.codings.length === 0 ? body : decodeContent(body, coding.codings, { partial: false, maxOutputBytes: 32 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

describe('the body prefilter on the redaction corpus', () => {
  const bodies = CORPUS.flatMap((c) => {
    const content = contentOf(c);
    return content === undefined || content.byteLength === 0 ? [] : [{ id: c.id, content, contentType: headerValue(c.headers, 'content-type') }];
  });

  test('says "may hold" for every body the walk changes, withholds or refuses', () => {
    const positives = bodies.filter((b) => !unchanged(b.content, walked(b.content, b.contentType)));
    expect(positives.length).toBeGreaterThan(300);
    const missed = positives.filter((b) => provablyClean(b.content, SETTINGS)).map((b) => b.id);
    expect(missed).toEqual([]);
  });

  test('lets a body skip the walk only when the walk leaves it byte for byte as it was', () => {
    const skipped = bodies.filter((b) => provablyClean(b.content, SETTINGS));
    // The corpus's clean bodies (negatives: ids, timestamps, words that merely contain a name) are
    // where skipping can go wrong; some must be skipped for this test to say anything.
    expect(skipped.length).toBeGreaterThan(5);
    const changed = skipped.filter((b) => !unchanged(b.content, walked(b.content, b.contentType))).map((b) => b.id);
    expect(changed).toEqual([]);
  });

  test('the whole redactor stores the same bytes with and without the prefilter, on every corpus body', () => {
    for (const b of bodies) {
      if (!provablyClean(b.content, SETTINGS)) continue;
      const scrub = new ScrubContext(SETTINGS);
      scrub.begin();
      expect(scrubBytes(b.content, b.contentType, scrub), b.id).toBe(b.content);
    }
  });
});

describe('the body prefilter on what could hide a secret', () => {
  const mayHold: [string, string][] = [
    ['a card number', '{"note":"paid with 4539 1488 0343 6467"}'],
    ['a card as a JSON number', '{"x":4539148803436467}'],
    ['13 digits joined by separators', 'ref 12-34.56+78 90123'],
    ['a card under a name in camelCase', '{"ccNum":"1"}'],
    ['a card name split by punctuation', '{"c.c":"1"}'],
    ['a card name split by case', '{"PaN":"1"}'],
    ['a CVV', '{"cvv":"123"}'],
    ['a CVV named by two words', '{"securityCode":"123"}'],
    ['a CVV after a label in text', 'verification value 123'],
    ['a PIN', 'pin=1234'],
    ['a credential', '{"pw":"hunter2"}'],
    ['a credential named by two words', 'api_key: abc'],
    ['tokens', '{"tokens":["a"]}'],
    ['an XML element', '<Password>x</Password>'],
    ['a percent escape', 'q=%34539148803436467'],
    ['a JSON escape', '{"x":"\\u0034539148803436467"}'],
    ['base64 of text', `{"blob":"${Buffer.from('my secret is here').toString('base64')}"}`],
    ['base64 of text, padded in the text', `{"blob":"${Buffer.from('some text here!!!').toString('base64')}"}`],
    ['base64url of text in a JWT segment', `{"t":"abcd.${Buffer.from('{"hello":"world!"}').toString('base64url')}.sig0"}`],
    ['base64 of text between form pluses', `x=+${Buffer.from('some text here.').toString('base64')}+`],
    ['base64 wrapped in lines', `${(Buffer.from('a note, nothing more, and then some more words').toString('base64').match(/.{1,16}/g) ?? []).join('\n')}\n`],
    ['non-ASCII text', '{"name":"Zoë"}'],
    ['a control character', 'a\u0001b'],
    ['UTF-16', Buffer.from('{"a":"b"}', 'utf16le').toString('latin1')],
  ];
  test.each(mayHold)('%s: may hold', (_name, text) => {
    expect(provablyClean(Buffer.from(text, 'latin1'), SETTINGS)).toBe(false);
  });

  test('a configured credential name, JSON path rules: may hold', () => {
    const text = Buffer.from('{"x_ref_code":"abc"}');
    expect(provablyClean(text, SETTINGS)).toBe(true);
    expect(provablyClean(text, { ...resolveRedaction({ credentialNames: ['X-Ref-Code'] }), key: KEY })).toBe(false);
    expect(provablyClean(text, { ...resolveRedaction({ maskPaths: ['$.y'] }), key: KEY })).toBe(false);
  });

  const clean: [string, string][] = [
    ['a small answer', '{"status":"ok","count":3,"items":["a","b"]}'],
    ['a timestamp and a short id', '{"at":"2026-11-23T09:15:00.000Z","id":"ord_12345"}'],
    ['words that merely contain a name', '{"shipping":"japan","author":"passenger","company":"x"}'],
    ['a base64-looking id that decodes to binary', '{"id":"xxxxxxxxxxxxxxxxxxxxxxxx"}'],
    ['HTML', '<html><body><p>Hello, world.</p></body></html>'],
  ];
  test.each(clean)('%s: proved clean, and the walk agrees', (_name, text) => {
    const bytes = Buffer.from(text);
    expect(provablyClean(bytes, SETTINGS)).toBe(true);
    expect(unchanged(bytes, walked(bytes, 'application/json'))).toBe(true);
  });

  test('a clean answer goes through the redactor with its bytes untouched', () => {
    const redact = createRedactor(resolveRedaction(), { key: KEY });
    const body = Buffer.from('{"status":"ok","items":["a","b"]}');
    const exchange: NewExchange = {
      recordedAt: 0,
      method: 'GET',
      path: '/items',
      query: '',
      requestHeaders: [],
      requestBody: Buffer.alloc(0),
      requestTruncated: false,
      response: { kind: 'answer', status: 200, headers: [['content-type', 'application/json']], body, truncated: false, latencyUs: 1 },
      tags: [],
    };
    const result = redact(exchange);
    expect(result.ok && result.exchange.response.kind === 'answer' ? result.exchange.response.body : undefined).toBe(body);
  });
});
