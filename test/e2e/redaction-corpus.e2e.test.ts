import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { request } from 'undici';
import { expect, test } from 'vitest';
import type { HeaderList } from '../../src/core/exchange.js';
import { openCaptureReader } from '../../src/store/index.js';
import { luhnValid } from '../../src/util/luhn.js';
import { runParity } from '../helpers/cli.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';
import type { CorpusCase, CorpusSecret } from '../../scripts/make-redaction-corpus.js';

/**
 * The redaction corpus (test/fixtures/redaction/corpus.json, written by
 * scripts/make-redaction-corpus.ts) recorded through the proxy, replayed, reported and exported:
 * no card number, CVV or credential of the corpus may be readable, without a key, in any byte of
 * any file that results (recall 100%), and no card-like number that is not a card may be changed
 * (0 false positives).
 */

type Secret = CorpusSecret;
type Case = CorpusCase;

const CORPUS = JSON.parse(readFileSync(new URL('../fixtures/redaction/corpus.json', import.meta.url), 'utf8')) as { generatedBy: string; cases: Case[] };
const CASE_HEADER = 'x-corpus-case';
const ENV = { PARITY_REDACT_KEY: 'corpus-test-key-0123456789abcdef' };

// ---------------------------------------------------------------------------------------------
// What an attacker without a key could read: every written form of a secret in every encoding

interface Pattern {
  readonly bytes: Buffer;
  /** Index into the flat secret list. */
  readonly secret: number;
  readonly encoding: string;
  /** CVVs: only a whole token counts (no letter or digit on either side), in units of this many bytes. */
  readonly token?: { readonly unit: 1 | 2; readonly bigEndian: boolean };
}

/** The base64 of `text` as it reads inside any longer base64 text: preceded by 0, 1 or 2 bytes, partial characters trimmed. */
function base64Forms(text: string): { form: string; encoding: string }[] {
  const out: { form: string; encoding: string }[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const all = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const form = all.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
    out.push({ form, encoding: `base64@${shift}` });
    const url = form.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== form) out.push({ form: url, encoding: `base64url@${shift}` });
  }
  return out;
}

/** A card's groups as written (or in fours), joined by each separator a card is written with. */
function groupedForms(secret: Secret): { form: string; encoding: string }[] {
  const groups = secret.written ? secret.written.split(/%20|[^0-9]+/).filter((g) => g.length > 0) : (secret.value.match(/.{1,4}/g) ?? []);
  const out: { form: string; encoding: string }[] = [];
  if (secret.written) out.push({ form: secret.written, encoding: 'as written' });
  for (const [sep, name] of [[' ', 'spaces'], ['-', 'dashes'], ['.', 'dots'], ['+', 'plus'], ['%20', '%20'], ['%2B', '%2B']] as const) {
    const form = groups.join(sep);
    if (form !== secret.value && form !== secret.written) out.push({ form, encoding: `grouped with ${name}` });
  }
  return out;
}

function patternsOf(secrets: readonly Secret[]): Pattern[] {
  const patterns: Pattern[] = [];
  secrets.forEach((secret, index) => {
    const push = (bytes: Buffer, encoding: string, token?: Pattern['token']) => patterns.push({ bytes, secret: index, encoding, ...(token ? { token } : {}) });
    const texts: { form: string; encoding: string }[] = [{ form: secret.value, encoding: 'ascii' }];
    if (secret.kind === 'card') texts.push(...groupedForms(secret));
    if (secret.kind === 'credential' && encodeURIComponent(secret.value) !== secret.value) texts.push({ form: encodeURIComponent(secret.value), encoding: 'percent-encoded' });
    if (secret.kind !== 'cvv') {
      const percent = [...Buffer.from(secret.value)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
      texts.push({ form: percent, encoding: 'percent-encoded (every byte)' }, { form: percent.toLowerCase(), encoding: 'percent-encoded (every byte, lower case)' });
    }
    for (const { form, encoding } of texts) {
      const token = secret.kind === 'cvv';
      push(Buffer.from(form, 'latin1'), encoding, token ? { unit: 1, bigEndian: false } : undefined);
      push(Buffer.from(form, 'utf16le'), `${encoding}, UTF-16LE`, token ? { unit: 2, bigEndian: false } : undefined);
      push(Buffer.from(form, 'utf16le').swap16(), `${encoding}, UTF-16BE`, token ? { unit: 2, bigEndian: true } : undefined);
    }
    // Base64 of 4 digits is a few characters any base64 text holds by chance: CVVs are looked for in decoded bodies instead.
    if (secret.kind !== 'cvv') {
      for (const text of [secret.value, ...(secret.written ? [secret.written] : [])]) {
        for (const { form, encoding } of base64Forms(text)) push(Buffer.from(form, 'latin1'), `${text === secret.value ? '' : 'as written, '}${encoding}`);
      }
    }
  });
  return patterns;
}

const isWordByte = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/** Many byte patterns at once: a 4-byte anchor per pattern, looked up at every position. */
class Matcher {
  readonly #byAnchor = new Map<number, Pattern[]>();
  readonly #firstTwo = new Uint8Array(65_536);

  constructor(patterns: readonly Pattern[]) {
    for (const p of patterns) {
      if (p.bytes.length < 4) throw new Error(`pattern shorter than 4 bytes: ${p.encoding}`);
      const anchor = p.bytes.readUInt32LE(0);
      const list = this.#byAnchor.get(anchor);
      if (list) list.push(p);
      else this.#byAnchor.set(anchor, [p]);
      this.#firstTwo[p.bytes.readUInt16LE(0)] = 1;
    }
  }

  /** Every match in `buf`: the pattern and where it starts. */
  *scan(buf: Buffer): Generator<{ pattern: Pattern; at: number }> {
    const end = buf.length - 3;
    for (let i = 0; i < end; i++) {
      if (this.#firstTwo[buf[i]! | (buf[i + 1]! << 8)] === 0) continue;
      const list = this.#byAnchor.get(buf.readUInt32LE(i));
      if (!list) continue;
      for (const pattern of list) {
        const n = pattern.bytes.length;
        if (i + n > buf.length || buf.compare(pattern.bytes, 0, n, i, i + n) !== 0) continue;
        if (pattern.token && !standsAsToken(buf, i, n, pattern.token)) continue;
        yield { pattern, at: i };
      }
    }
  }
}

function standsAsToken(buf: Buffer, at: number, length: number, { unit, bigEndian }: NonNullable<Pattern['token']>): boolean {
  if (unit === 1) return !isWordByte(buf[at - 1]) && !isWordByte(buf[at + length]);
  const before = bigEndian ? (buf[at - 2] === 0 ? buf[at - 1] : undefined) : buf[at - 1] === 0 ? buf[at - 2] : undefined;
  const after = bigEndian ? (buf[at + length] === 0 ? buf[at + length + 1] : undefined) : buf[at + length + 1] === 0 ? buf[at + length] : undefined;
  return !isWordByte(before) && !isWordByte(after);
}

// ---------------------------------------------------------------------------------------------
// Decoding what is stored

const headerOf = (headers: HeaderList, name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

function decompress(bytes: Buffer, coding: string | undefined): Buffer {
  if (!coding || bytes.length === 0) return bytes;
  let out = bytes;
  for (const c of coding.split(',').map((s) => s.trim().toLowerCase()).reverse()) {
    if (c === 'gzip' || c === 'x-gzip') out = gunzipSync(out);
    else if (c === 'deflate') {
      try {
        out = inflateSync(out);
      } catch {
        out = inflateRawSync(out);
      }
    } else if (c === 'br') out = brotliDecompressSync(out);
  }
  return out;
}

/** The text of a body: decompressed, UTF-16 decoded, base64 decoded when it is base64 (both kept). */
function bodyTexts(raw: Uint8Array, headers: HeaderList): string[] {
  let bytes: Buffer = Buffer.from(raw);
  try {
    bytes = decompress(bytes, headerOf(headers, 'content-encoding'));
  } catch {
    // Left as it is: the raw bytes are searched anyway.
  }
  const contentType = headerOf(headers, 'content-type') ?? '';
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = bytes.subarray(2).toString('utf16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  else if (/charset=utf-16/i.test(contentType)) text = bytes.toString('utf16le');
  else text = bytes.toString('utf8');
  const out = [text];
  const compact = text.trim();
  if (compact.length >= 8 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) out.push(Buffer.from(compact, 'base64').toString('utf8'));
  if (/[%+]/.test(text)) out.push(formDecoded(text));
  return out;
}

function formDecoded(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Every string in a JSON document, and the bytes of every base64 body in it (JSONL `body`, HAR `text`) decoded. */
function jsonStrings(text: string): Buffer[] {
  const out: Buffer[] = [];
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const encoded = record['body_encoding'] === 'base64' ? record['body'] : record['encoding'] === 'base64' ? record['text'] : undefined;
      if (typeof encoded === 'string') out.push(...expand(Buffer.from(encoded, 'base64')));
      Object.values(record).forEach(walk);
    }
  };
  const parse = (json: string): boolean => {
    try {
      walk(JSON.parse(json));
      return true;
    } catch {
      return false;
    }
  };
  // One document (a report, a HAR), else JSON Lines; what is not JSON has its raw bytes searched anyway.
  if (!parse(text)) for (const line of text.split('\n')) if (line.trim() !== '') parse(line);
  out.unshift(Buffer.from(strings.join('\n'), 'utf8'));
  return out;
}

/** Bytes and whatever they decompress to (a body exported without its Content-Encoding undone). */
function expand(bytes: Buffer): Buffer[] {
  const out = [bytes];
  for (const undo of [gunzipSync, inflateSync, brotliDecompressSync]) {
    try {
      out.push(undo(bytes));
    } catch {
      // Not that coding.
    }
  }
  return out;
}

function htmlDecoded(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------------------------
// Servers

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answers 200 with the request's body, content type and encoding, and its raw query in `x-echo-query`. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  void readBody(req).then((body) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const headers: Record<string, string> = { 'x-echo-query': q === -1 ? '' : url.slice(q + 1) };
    for (const name of ['content-type', 'content-encoding']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    res.writeHead(200, headers).end(body);
  });
}

// ---------------------------------------------------------------------------------------------

interface View {
  readonly name: string;
  readonly bytes: Buffer;
  /**
   * A view of one case (its decoded stored exchange, one side of a report example of it): the same
   * key names the same view in the control run. Unset for whole files.
   */
  readonly key?: string;
  /** For a keyed view: the secret values that stand there when redaction fails (the case's own, the leaky answer's). */
  readonly own?: ReadonlySet<string>;
  /**
   * Whether CVVs are looked for in the bytes as they are. Not in a JSON file's raw bytes: a 4-digit
   * number there is one of the format's own fields (`"latency_us":8059`), while every body it holds
   * is a string, searched in the file's "JSON strings" view.
   */
  readonly cvvs?: boolean;
}

interface Leak {
  readonly secret: number;
  readonly where: string;
  readonly encoding: string;
  readonly context: string;
}

/** Sends every case through `base`, exactly as the corpus has it, tagged with its id; returns the cases not answered 200. */
async function sendAll(base: string, cases: readonly Case[]): Promise<string[]> {
  const queue = [...cases];
  const failed: string[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const body = Buffer.from(c.bodyBase64, 'base64');
        const res = await request(`${base}${c.path}${c.query ? `?${c.query}` : ''}`, { method: c.method as 'GET', headers: [...c.headers.flat(), CASE_HEADER, c.id], body: body.length > 0 ? body : null });
        await res.body.dump();
        if (res.statusCode !== 200) failed.push(`${c.id}: ${res.statusCode}`);
      }
    }),
  );
  return failed;
}

interface StoredCase {
  /** The decoded stored request: path, query, headers and body, each also percent-decoded, base64-decoded, decompressed. */
  readonly request: string;
  /** The decoded stored request and response, then the stored bodies' bytes as they are (compressed bytes hold 4-digit runs by chance). */
  readonly bytes: Buffer;
  readonly seq: number;
  readonly tags: readonly string[];
}

/** What a capture stores, decoded, by case index; exchanges without a case id under -seq. */
function readStored(capture: string, caseIndexById: ReadonlyMap<string, number>): Map<number, StoredCase> {
  const reader = openCaptureReader(capture);
  const stored = new Map<number, StoredCase>();
  try {
    for (const e of reader.exchanges()) {
      const id = headerOf(e.requestHeaders, CASE_HEADER);
      const request = [e.method, e.path, formDecoded(e.path), e.query, formDecoded(e.query), ...e.requestHeaders.map(([n, v]) => `${n}: ${v}`), ...bodyTexts(e.requestBody, e.requestHeaders)].join('\n');
      const response = e.response.kind === 'answer' ? [...e.response.headers.map(([n, v]) => `${n}: ${v}`), ...bodyTexts(e.response.body, e.response.headers)].join('\n') : e.response.error;
      const index = (id === undefined ? undefined : caseIndexById.get(id)) ?? -e.seq;
      const rawBodies = [e.requestBody, e.response.kind === 'answer' ? e.response.body : new Uint8Array(0)];
      const bytes = Buffer.concat([Buffer.from(`${request}\n${response}`, 'utf8'), ...rawBodies.flatMap((b) => [Buffer.from('\n'), Buffer.from(b)])]);
      stored.set(index, { request, bytes, seq: e.seq, tags: e.tags });
    }
  } finally {
    reader.close();
  }
  return stored;
}

interface ReportExample {
  readonly seq: number;
  readonly request: { readonly method: string; readonly path: string; readonly query: string; readonly body: string };
  readonly legacy: { readonly body: string; readonly error?: string };
  readonly candidate: { readonly body: string; readonly error?: string };
  readonly diff: string;
}

/**
 * The examples of a report, side by side: the request and legacy sides hold what the capture
 * stores for the case; the candidate side what the candidate answered; a diff line both (`-`
 * legacy, `+` candidate, others common to both).
 */
function exampleViews(reportFile: string, label: string, caseOfSeq: ReadonlyMap<number, number>, owned: (caseIndex: number, candidate: boolean) => ReadonlySet<string>): View[] {
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { groups: { examples: ReportExample[] }[]; noiseGroups: { examples: ReportExample[] }[] };
  const views: View[] = [];
  for (const example of [...report.groups, ...report.noiseGroups].flatMap((g) => g.examples)) {
    const index = caseOfSeq.get(example.seq);
    if (index === undefined || index < 0) continue;
    const lines = example.diff.split('\n');
    const sides: [string, string, boolean][] = [
      ['request', [example.request.method, example.request.path, example.request.query, example.request.body].join('\n'), false],
      ['legacy', [example.legacy.body, example.legacy.error ?? '', ...lines.filter((l) => l.startsWith('-'))].join('\n'), false],
      ['candidate', [example.candidate.body, example.candidate.error ?? '', ...lines.filter((l) => !l.startsWith('-'))].join('\n'), true],
    ];
    for (const [side, text, candidate] of sides) {
      views.push({ name: `${label}, example seq ${example.seq} (${side} side)`, key: `${label}:${example.seq}:${side}`, own: owned(index, candidate), bytes: Buffer.from(text, 'utf8') });
    }
  }
  return views;
}

test('the redaction corpus: recorded, replayed, reported and exported, no secret readable anywhere and no non-card changed', async () => {
  const cases = CORPUS.cases;
  const secrets: (Secret & { caseIndex: number })[] = cases.flatMap((c, caseIndex) => c.secrets.map((s) => ({ ...s, caseIndex })));
  const caseIndexById = new Map(cases.map((c, i) => [c.id, i]));
  expect(caseIndexById.size).toBe(cases.length);
  const patterns = patternsOf(secrets);
  const matcher = new Matcher(patterns);
  const withoutCvvs = new Matcher(patterns.filter((p) => !p.token));
  const found = (view: View) => (view.cvvs === false ? withoutCvvs : matcher).scan(view.bytes);

  // 0. The scanner finds every secret of every case as it is sent (else a 100% recall would mean nothing).
  const unseen = new Set(secrets.map((_s, i) => i));
  cases.forEach((c) => {
    const body = Buffer.from(c.bodyBase64, 'base64');
    const text = [c.path, c.query, formDecoded(c.query), ...c.headers.flat(), ...bodyTexts(body, c.headers)].join('\n');
    for (const bytes of [body, Buffer.from(text, 'utf8')]) for (const { pattern } of matcher.scan(bytes)) unseen.delete(pattern.secret);
  });
  expect([...unseen].map((i) => `${secrets[i]?.value} of ${cases[secrets[i]?.caseIndex ?? 0]?.id}`), 'secrets the scanner cannot see in the corpus itself').toEqual([]);

  // The live "candidate" that leaks: every answer carries a fresh card, CVV and credential of the corpus.
  const validCards = secrets.filter((s) => s.kind === 'card' && luhnValid(s.value)).map((s) => s.value);
  const cvvs = secrets.filter((s) => s.kind === 'cvv').map((s) => s.value);
  const credentials = secrets.filter((s) => s.kind === 'credential').map((s) => s.value);
  const leakyAnswerFor = (index: number) => ({
    card: validCards[index % validCards.length] as string,
    cvv: cvvs[(index * 7) % cvvs.length] as string,
    token: credentials[(index * 3) % credentials.length] as string,
  });
  const echoServer = await startServer(echo);
  const leaky = await startServer((req, res) => {
    void readBody(req).then(() => {
      const index = caseIndexById.get(String(req.headers[CASE_HEADER] ?? '')) ?? 0;
      const { card, cvv, token } = leakyAnswerFor(index);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'approved', card: { number: card, cvv }, token, note: `charged ${card}` }));
    });
  });

  // 1. Record every case through the proxy.
  const { recording, out } = await startRecording(echoServer.url);
  expect(await sendAll(recording.url, cases)).toEqual([]);
  await new Promise((r) => setTimeout(r, 300));
  // The raw bytes of the database and its write-ahead log while the recorder still has them open.
  const views: View[] = [{ name: 'capture.db (open)', bytes: readFileSync(out) }];
  if (existsSync(`${out}-wal`)) views.push({ name: 'capture.db-wal (open)', bytes: readFileSync(`${out}-wal`) });
  const files = views.map((v) => v.name);
  await recording.stop('signal');

  // 2. Replay against the echo (answers are the stored, redacted requests) and against the leaky
  // candidate; one at a time, so the examples a report keeps are the same in the control replays.
  const work = dirname(out);
  const controlDir = tmpDir();
  const replays = [
    { name: 'report-echo', candidate: echoServer.url },
    { name: 'report-leaky', candidate: leaky.url },
  ];
  const cliOutput: string[] = [];
  for (const r of replays) {
    for (const dir of [join(work, r.name), join(controlDir, r.name)]) {
      const run = await runParity(['replay', out, '--candidate', r.candidate, '--order', 'global', '--out', dir], ENV);
      if (dir.startsWith(work)) cliOutput.push(run.stdout, run.stderr);
      expect(existsSync(join(dir, 'report.json')), run.stderr).toBe(true);
    }
  }
  // 3. Export it both ways.
  for (const format of ['jsonl', 'har']) {
    const run = await runParity(['export', out, '--format', format, '--out', join(work, `capture.${format}`)], ENV);
    expect(run.code, run.stderr).toBe(0);
    cliOutput.push(run.stdout, run.stderr);
  }

  // Every file there now: the capture after close (and its WAL, if any is left), the reports, the exports.
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of walk(work)) {
    const name = relative(work, file);
    const bytes = readFileSync(file);
    files.push(name);
    const json = /\.(json|jsonl|har)$/.test(name);
    views.push({ name, bytes, cvvs: !json });
    if (json) jsonStrings(bytes.toString('utf8')).forEach((b, i) => views.push({ name: `${name} (${i === 0 ? 'JSON strings' : `base64 body ${i}`})`, bytes: b }));
    if (/\.(html|xml|md)$/.test(name)) views.push({ name: `${name} (entities decoded)`, bytes: Buffer.from(htmlDecoded(bytes.toString('utf8')), 'utf8') });
  }
  views.push({ name: 'CLI output', bytes: Buffer.from(cliOutput.join('\n'), 'utf8') });

  // 4. Case by case: what the capture stores, decoded, and each side of each report example.
  const owned = (caseIndex: number, candidate: boolean): Set<string> => {
    const own = new Set((cases[caseIndex]?.secrets ?? []).map((s) => s.value));
    if (candidate) for (const v of Object.values(leakyAnswerFor(caseIndex))) own.add(v);
    return own;
  };
  const stored = readStored(out, caseIndexById);
  const caseOfSeq = new Map<number, number>();
  for (const [index, s] of stored) {
    caseOfSeq.set(s.seq, index);
    const keyed = index >= 0 ? { key: `capture:${index}`, own: owned(index, false) } : {};
    views.push({ name: `capture, decoded, ${cases[index]?.id ?? `seq ${s.seq} (no case id)`}`, bytes: s.bytes, ...keyed });
  }
  const missing = cases.filter((_c, i) => !stored.has(i)).map((c) => c.id);
  const withheld = [...stored].filter(([, s]) => s.tags.some((t) => t.endsWith('-withheld'))).map(([i, s]) => `${cases[i]?.id}: ${s.tags.join(', ')}`);
  for (const r of replays) views.push(...exampleViews(join(work, r.name, 'report.json'), r.name, caseOfSeq, owned));

  // The control run. CVVs are destroyed into digits drawn under a salt of the process, so a
  // replacement equals its original by chance (1 in 10,000) in one run, and a leak in every run:
  // the cases with a CVV recorded again, and the reports made again (above), hold the same views.
  const control = await startRecording(echoServer.url);
  expect(await sendAll(control.recording.url, cases.filter((c) => c.secrets.some((s) => s.kind === 'cvv')))).toEqual([]);
  await control.recording.stop('signal');
  const controlViews = new Map<string, Buffer>();
  for (const [index, s] of readStored(control.out, caseIndexById)) if (index >= 0) controlViews.set(`capture:${index}`, s.bytes);
  for (const r of replays) for (const v of exampleViews(join(controlDir, r.name, 'report.json'), r.name, caseOfSeq, owned)) controlViews.set(v.key as string, v.bytes);

  // 5. Scan. Cards and credentials: any find is a leak. A CVV is 4 digits, and other bytes (a CVV
  // destroyed, a card's surrogate in groups of 4, a compressed body) can equal one by chance: found
  // in a view of a case it does not belong to, or where the control run has its replacement, it is
  // chance, and then not counted in whole files either; found where it belongs in both runs, a leak.
  const leaks: Leak[] = [];
  const chance: Leak[] = [];
  const chanceCvvs = new Set<string>();
  const leakOf = (view: View, pattern: Pattern, at: number): Leak => ({
    secret: pattern.secret,
    where: view.name,
    encoding: pattern.encoding,
    context: view.bytes
      .subarray(Math.max(0, at - 40), at + pattern.bytes.length + 40)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.'),
  });
  const inControl = (key: string, value: string): boolean => {
    const bytes = controlViews.get(key);
    return bytes === undefined || [...matcher.scan(bytes)].some((f) => secrets[f.pattern.secret]?.value === value);
  };
  for (const view of views.filter((v) => v.key !== undefined)) {
    for (const { pattern, at } of found(view)) {
      const secret = secrets[pattern.secret] as Secret;
      const isChance = secret.kind === 'cvv' && (!view.own?.has(secret.value) || !inControl(view.key as string, secret.value));
      if (isChance) chanceCvvs.add(secret.value);
      (isChance ? chance : leaks).push(leakOf(view, pattern, at));
    }
  }
  for (const view of views.filter((v) => v.key === undefined)) {
    for (const { pattern, at } of found(view)) {
      const secret = secrets[pattern.secret] as Secret;
      (secret.kind === 'cvv' && chanceCvvs.has(secret.value) ? chance : leaks).push(leakOf(view, pattern, at));
    }
  }

  // 6. False positives: every negative stored as it was sent.
  const negatives = cases.flatMap((c, i) => c.negatives.map((value) => ({ id: c.id, value, i })));
  const falsePositives = negatives.filter((n) => !(stored.get(n.i)?.request ?? '').includes(n.value));

  const leaked = new Set(leaks.map((l) => l.secret));
  const count = (kind: Secret['kind']) => secrets.filter((s) => s.kind === kind).length;
  const recall = ((secrets.length - leaked.size) / secrets.length) * 100;
  console.log(
    `redaction corpus: ${cases.length} cases, ${secrets.length} secrets (${count('card')} cards, ${count('cvv')} cvvs, ${count('credential')} credentials) × ${files.length} files: ` +
      `recall ${recall.toFixed(2)}%, false positives ${falsePositives.length} of ${negatives.length} negatives`,
  );
  if (chanceCvvs.size > 0) console.log(`  (not counted: ${chance.length} finds of ${chanceCvvs.size} CVVs that other bytes equal by chance, a replacement or a compressed body: ${[...chanceCvvs].join(', ')})`);
  // The first few leaks: the secret, where it was first seen (with its surroundings), and every file and view holding it.
  const bySecret = new Map<number, Leak[]>();
  for (const leak of leaks) bySecret.set(leak.secret, [...(bySecret.get(leak.secret) ?? []), leak]);
  for (const [index, list] of [...bySecret].slice(0, 15)) {
    const s = secrets[index] as Secret & { caseIndex: number };
    const first = list.find((l) => files.includes(l.where)) ?? (list[0] as Leak);
    const places = [...new Set(list.map((l) => `${l.where} (${l.encoding})`))];
    console.log(`  LEAK ${s.kind} ${s.value} of ${cases[s.caseIndex]?.id}: …${first.context}…\n    in ${places.slice(0, 8).join('; ')}${places.length > 8 ? `; and ${places.length - 8} more` : ''}`);
  }
  for (const fp of falsePositives.slice(0, 10)) console.log(`  FALSE POSITIVE ${fp.id}: ${fp.value} not stored as sent`);

  expect(missing, 'cases not in the capture').toEqual([]);
  expect(withheld, 'bodies withheld').toEqual([]);
  expect([...leaked].map((i) => `${secrets[i]?.kind} ${secrets[i]?.value} (${cases[secrets[i]?.caseIndex ?? 0]?.id})`)).toEqual([]);
  expect(recall).toBe(100);
  expect(falsePositives.map((f) => `${f.id}: ${f.value}`)).toEqual([]);
});
