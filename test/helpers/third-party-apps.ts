import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import express from 'express';
import Fastify from 'fastify';
import { running, type RunningServer } from './listen.js';

/** Third-party apps the recorder must be invisible in front of: the same endpoints, written the way each framework's users write them. */

export const DOWNLOAD = randomBytes(5 * 1024 * 1024);
export const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const DOC = { ok: true, items: [1, 2, 3], text: 'héllo wörld', nested: { a: null, b: [true, false] } };
const DOC_JSON = Buffer.from(JSON.stringify(DOC).repeat(20));
const COMPRESSED: Record<string, Buffer> = { gzip: gzipSync(DOC_JSON), br: brotliCompressSync(DOC_JSON), deflate: deflateSync(DOC_JSON) };
const FASTIFY_ETAG = '"v1-fastify"';

export type RunningApp = RunningServer;

function sha256(body: Buffer): { sha256: string; bytes: number } {
  return { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length };
}

function forwardedSeen(req: IncomingMessage) {
  const h = req.headers;
  return { host: h.host, xForwardedFor: h['x-forwarded-for'], xForwardedHost: h['x-forwarded-host'], xForwardedProto: h['x-forwarded-proto'], expect: h.expect };
}

/** `n` events `gap` ms apart, headers sent at once, as an SSE endpoint does. */
function serverSentEvents(req: IncomingMessage, res: ServerResponse): void {
  const gap = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('gap') ?? '20');
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    res.write(`id: ${++sent}\nevent: tick\ndata: {"n":${sent}}\n\n`);
    if (sent === 2) {
      clearInterval(timer);
      res.end();
    }
  }, gap);
  res.on('close', () => clearInterval(timer));
}

/** Chunks written 20 ms apart, no Content-Length: chunked on the wire. */
function chunks(): PassThrough {
  const out = new PassThrough();
  let n = 0;
  const timer = setInterval(() => {
    out.write(`chunk ${++n}\n`);
    if (n === 4) {
      clearInterval(timer);
      out.end();
    }
  }, 20);
  return out;
}

export async function startExpressApp(): Promise<RunningApp> {
  const app = express();
  app.get('/json', (_req, res) => void res.json(DOC));
  app.get('/query', (req, res) => void res.json({ url: req.originalUrl, query: req.query }));
  app.get('/compressed/:coding', (req, res) => {
    const body = COMPRESSED[req.params.coding];
    if (!body) return void res.sendStatus(404);
    res.type('json').set('Content-Encoding', req.params.coding).set('Vary', 'Accept-Encoding').send(body);
  });
  app.get('/chunked', (_req, res) => {
    res.type('text/plain');
    chunks().pipe(res);
  });
  app.get('/sse', serverSentEvents);
  app.get('/download', (_req, res) => void res.type('application/octet-stream').send(DOWNLOAD));
  app.post('/upload', (req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => void res.json({ sha256: hash.digest('hex'), bytes }));
  });
  app.get('/binary', (_req, res) => void res.type('application/octet-stream').send(BINARY));
  app.get('/redirect', (_req, res) => res.redirect(302, '/json'));
  app.delete('/item', (_req, res) => void res.sendStatus(204));
  app.get('/cookies', (_req, res) => {
    res.cookie('session', 'abc', { httpOnly: true, path: '/' });
    res.cookie('theme', 'dark', { sameSite: 'lax' });
    res.cookie('lang', 'en');
    res.json({ cookies: 3 });
  });
  app.get('/etag', (_req, res) => void res.json(DOC));
  app.post('/form', express.urlencoded({ extended: false }), (req, res) => void res.json({ form: req.body as unknown }));
  app.post('/multipart', express.raw({ type: 'multipart/form-data', limit: '1mb' }), (req, res) => void res.json({ contentType: req.headers['content-type'], ...sha256(req.body as Buffer) }));
  app.get('/slow', (_req, res) => void setTimeout(() => res.json({ slow: true }), 300));
  app.get('/error', () => {
    throw new Error('boom');
  });
  app.get('/whoami', (req, res) => void res.json(forwardedSeen(req)));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return running(server);
}

export async function startFastifyApp(): Promise<RunningApp> {
  const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  app.get('/json', async () => DOC);
  app.get('/query', async (req) => ({ url: req.url, query: req.query }));
  app.get<{ Params: { coding: string } }>('/compressed/:coding', async (req, reply) => {
    const body = COMPRESSED[req.params.coding];
    if (!body) return reply.code(404).send();
    return reply.type('application/json').header('Content-Encoding', req.params.coding).header('Vary', 'Accept-Encoding').send(body);
  });
  app.get('/chunked', async (_req, reply) => reply.type('text/plain').send(chunks()));
  app.get('/sse', (req, reply) => {
    reply.hijack();
    serverSentEvents(req.raw, reply.raw);
  });
  app.get('/download', async (_req, reply) => reply.type('application/octet-stream').send(DOWNLOAD));
  app.post('/upload', async (req) => sha256(req.body as Buffer));
  app.get('/binary', async (_req, reply) => reply.type('application/octet-stream').send(BINARY));
  app.get('/redirect', async (_req, reply) => reply.redirect('/json', 302));
  app.delete('/item', async (_req, reply) => reply.code(204).send());
  app.options('/json', async (_req, reply) => reply.code(204).header('Allow', 'GET, HEAD, OPTIONS').send());
  app.get('/cookies', async (_req, reply) => reply.header('Set-Cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark; SameSite=Lax', 'lang=en']).send({ cookies: 3 }));
  app.get('/etag', async (req, reply) => {
    reply.header('ETag', FASTIFY_ETAG);
    return req.headers['if-none-match'] === FASTIFY_ETAG ? reply.code(304).send() : DOC;
  });
  app.post('/form', async (req) => ({ form: req.body }));
  app.post('/multipart', async (req) => ({ contentType: req.headers['content-type'], ...sha256(req.body as Buffer) }));
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { slow: true };
  });
  app.get('/error', async () => {
    throw new Error('boom');
  });
  app.get('/whoami', async (req) => forwardedSeen(req.raw));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: running(app.server).url, close: () => app.close() };
}
