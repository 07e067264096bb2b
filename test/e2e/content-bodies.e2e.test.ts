import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express, { type Response } from 'express';
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import type { CompareOptions } from '../../src/compare/settings.js';
import type { ReportV1 } from '../../src/report/model.js';
import { replay } from '../../src/replay/runner.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

// Parity compares what a body says, not how it travels: compressed differently, a form with its
// fields in another order, are the same answer; a changed pixel, line, field or media type is not.

type Build = 'legacy' | 'candidate';

const DOCUMENT = JSON.stringify({ status: 'ok', items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.5 })) });
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000010000000100806000000', 'hex'), Buffer.alloc(300, 0x42)]);
const CHANGED_PNG = (() => {
  const png = Buffer.from(PNG);
  png[100] = 0x43;
  return png;
})();
const PAGE = Array.from({ length: 30 }, (_, i) => `<li>row ${i}</li>`);

const send = (res: Response, type: string, body: Buffer | string, encoding?: 'gzip' | 'br') => {
  res.status(200).set('content-type', type);
  if (encoding) res.set('content-encoding', encoding);
  res.end(body);
};

/** One service, two builds: where they differ is what each route is about. */
function service(build: Build) {
  const app = express();
  app.get('/json-levels', (_req, res) => send(res, 'application/json', gzipSync(DOCUMENT, { level: build === 'legacy' ? 1 : 9 }), 'gzip'));
  app.get('/json-codings', (_req, res) => (build === 'legacy' ? send(res, 'application/json', brotliCompressSync(DOCUMENT), 'br') : send(res, 'application/json', gzipSync(DOCUMENT), 'gzip')));
  app.get('/logo.png', (_req, res) => send(res, 'image/png', build === 'legacy' ? PNG : CHANGED_PNG));
  app.get('/form-order', (_req, res) => send(res, 'application/x-www-form-urlencoded', build === 'legacy' ? 'amount=12.50&currency=EUR&ref=A1' : 'ref=A1&currency=EUR&amount=12.50'));
  app.get('/form-value', (_req, res) => send(res, 'application/x-www-form-urlencoded', build === 'legacy' ? 'amount=12.50&currency=EUR' : 'currency=EUR&amount=12.51'));
  app.get('/page', (_req, res) => send(res, 'text/html; charset=utf-8', gzipSync((build === 'legacy' ? PAGE : PAGE.map((l, i) => (i === 11 ? '<li>row eleven</li>' : l))).join('\n')), 'gzip'));
  app.get('/typed', (_req, res) => (build === 'legacy' ? send(res, 'application/json', '{"ok":true}') : send(res, 'text/plain', 'ok')));
  return app;
}

const ROUTES = ['/json-levels', '/json-codings', '/logo.png', '/form-order', '/form-value', '/page', '/typed'];
const COMPARE: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };

async function run(legacySide: 'live' | 'recorded' = 'live') {
  const legacy = await startServer(service('legacy'));
  const candidate = await startServer(service('candidate'));
  const { recording, out } = await startRecording(legacy.url);
  for (const route of ROUTES) {
    const answer = await request(`${recording.url}${route}`);
    await answer.body.dump();
    expect(answer.statusCode).toBe(200);
  }
  expect((await recording.stop('signal')).capture).toMatchObject({ written: ROUTES.length });
  return replay({ capture: out, candidate: new URL(candidate.url), legacy: legacySide === 'live' ? new URL(legacy.url) : 'recorded', compare: COMPARE, order: 'global', partitionKey: 'path:1', concurrency: 2, timeoutMs: 5_000 });
}

const byEndpoint = (groups: ReportV1['groups']) => new Map(groups.map((g) => [g.endpoint, g]));

describe('replay compares bodies by their content', () => {
  test('encodings and field order are not differences; a pixel, a field, a line and a media type are', async () => {
    const report = await run();
    expect(report.totals).toMatchObject({ compared: ROUTES.length, mismatched: 4 });
    const groups = byEndpoint(report.groups);
    expect([...groups.keys()].sort()).toEqual(['GET /form-value', 'GET /logo.png', 'GET /page', 'GET /typed']);

    const png = groups.get('GET /logo.png');
    expect(png).toMatchObject({ category: 'body', count: 1, bodyPaths: ['(binary: bytes differ)'] });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(png?.examples[0]?.legacy.body).toBe(`binary, ${PNG.length} bytes, sha256 ${sha(PNG)}`);
    expect(png?.examples[0]?.candidate.body).toBe(`binary, ${PNG.length} bytes, sha256 ${sha(CHANGED_PNG)}`);
    expect(png?.examples[0]?.diff).toContain(sha(CHANGED_PNG));

    expect(groups.get('GET /form-value')).toMatchObject({ category: 'body', count: 1, bodyPaths: ['form.amount'] });

    const page = groups.get('GET /page');
    expect(page).toMatchObject({ category: 'body', bodyPaths: ['line 12'] });
    // The example quotes the page decoded, not gzip bytes.
    expect(page?.examples[0]?.candidate.body).toContain('<li>row eleven</li>');
    expect(page?.examples[0]?.diff).toContain('<li>row eleven</li>');

    expect(groups.get('GET /typed')?.bodyPaths).toContain('(content-type) application/json→text/plain');
  });

  test('against the recorded answers: a recorded brotli body and a replayed gzip one are the same answer', async () => {
    const report = await run('recorded');
    expect(report.totals).toMatchObject({ compared: ROUTES.length, mismatched: 4 });
    expect(report.groups.map((g) => g.endpoint).sort()).toEqual(['GET /form-value', 'GET /logo.png', 'GET /page', 'GET /typed']);
  });
});
