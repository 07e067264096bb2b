import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express5 from 'express';
import express4 from 'express4';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Recording, type RecordSummary } from '../../src/record/recorder.js';
import { suggestPartitionKeys } from '../../src/replay/suggest-key.js';
import type { ReportV1 } from '../../src/report/model.js';
import { createBookshopApp, type ExpressMajor } from '../helpers/bookshop-app.js';
import { listenOn } from '../helpers/listen.js';
import { bookshopTraffic, replayBookshop, sendTraffic } from '../helpers/bookshop-traffic.js';
import { recordOptions } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

// The express 4 → 5 migration: one bookshop app, written once, run on both majors. Its traffic is
// recorded through the real recorder in front of express 4, then replayed. Identical builds must
// raise no mismatch (createdAt differs on every instance: the secondary tells Parity it is
// noise); express 5 must show what express itself changed, each as its own finding.

const calls = bookshopTraffic();
let capture: string;
let recorded: RecordSummary;
let statuses: number[];
/** What `parity captures suggest-key` proposes for the capture: the replays below use it. */
let suggestedKey: string | undefined;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-express-migration-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const legacy = await listenOn(createBookshopApp(express4));
  cleanup.push(legacy.close);
  capture = join(dir, 'bookshop.db');
  const recording = await Recording.start(recordOptions(legacy.url, capture));
  try {
    statuses = await sendTraffic(recording.url, calls);
  } finally {
    recorded = await recording.stop('signal');
  }
  suggestedKey = suggestPartitionKeys(capture).keys[0]?.key;
}, 120_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function fresh(express: ExpressMajor): Promise<URL> {
  return new URL((await startServer(createBookshopApp(express))).url);
}

/** Replayed as a user would: ordered by the key suggest-key proposed. */
function replayWithSuggestedKey(legacy: ExpressMajor | 'recorded', candidate: ExpressMajor): Promise<ReportV1> {
  const partitionKey = suggestedKey;
  if (partitionKey === undefined) throw new Error('suggest-key proposed no partition key');
  return replayBookshop({ capture, partitionKey, legacy, candidate, fresh });
}

/** One answer of a build, asked directly (no Parity in between). */
async function ask(base: string, path: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
  const answer = await request(`${base}${path}`, { method: 'GET', ...init });
  return { status: answer.statusCode, type: answer.headers['content-type'], location: answer.headers.location, text: await answer.body.text() };
}

describe('express 4 → 5 migration of a bookshop app', () => {
  test('the same app code answers differently on the two majors, where express changed', async () => {
    const [v4, v5] = [(await startServer(createBookshopApp(express4))).url, (await startServer(createBookshopApp(express5))).url];
    const json = { 'content-type': 'application/json' };
    for (const base of [v4, v5]) {
      for (const book of [{ title: 'Kindred', author: 'Octavia E. Butler', tags: ['sf'] }, { title: 'Mort', author: 'Terry Pratchett', tags: ['funny'] }]) {
        expect((await ask(base, '/users/7/books', { method: 'POST', headers: json, body: JSON.stringify(book) })).status).toBe(201);
      }
    }
    const both = async (path: string, init?: Parameters<typeof ask>[2]) => Promise.all([ask(v4, path, init), ask(v5, path, init)]);

    // Query parser: extended (qs) → simple: the filter is ignored.
    const [byAuthor4, byAuthor5] = await both('/users/7/books?filter[author]=Terry%20Pratchett');
    expect([byAuthor4, byAuthor5].map((a) => (JSON.parse(a.text) as { total: number }).total)).toEqual([1, 2]);
    // express.json() on a request without a body: req.body {} → undefined.
    expect((await both('/users/7/books/1/borrow', { method: 'POST' })).map((a) => a.status)).toEqual([200, 500]);
    // .js: application/javascript → text/javascript.
    expect((await both('/static/app.js')).map((a) => a.type)).toEqual(['application/javascript; charset=UTF-8', 'text/javascript; charset=utf-8']);
    // redirect('back'): the Referer → the literal "back".
    const form = { method: 'POST' as const, headers: { 'content-type': 'application/x-www-form-urlencoded', referer: 'http://shop.example/users/7/books/1' }, body: 'book=1&stars=5&tags[]=sf' };
    expect((await both('/users/7/reviews', form)).map((a) => a.location)).toEqual(['http://shop.example/users/7/books/1', 'back']);
    // urlencoded() extended by default → not: tags[] is no array.
    expect((await both('/users/7/reviews')).map((a) => (JSON.parse(a.text) as { reviews: { tags: string[] }[] }).reviews[0]?.tags)).toEqual([['sf'], []]);
    // req.host: the host name → the Host header, port included.
    const links = (await both('/users/7/books/2')).map((a) => (JSON.parse(a.text) as { link: string }).link);
    expect(links).toEqual(['http://127.0.0.1/users/7/books/2', `${v5}/users/7/books/2`]);
  });

  test('the traffic is recorded whole, and suggest-key proposes the reader segment', () => {
    expect(recorded.capture).toMatchObject({ written: calls.length, dropped: 0 });
    expect(calls.length).toBe(320);
    // The traffic exercises successes, creations, deletions, redirects and client errors.
    expect(new Set(statuses)).toEqual(new Set([200, 201, 204, 302, 400, 404]));
    // The reader's id, /users/:user/…: every reader's requests then replay in their recorded order.
    expect(suggestedKey).toBe('path:2');
  });

  test('identical builds, live legacy: no mismatch, createdAt recognised as noise', async () => {
    const report = await replayWithSuggestedKey(express4, express4);
    expect(report.run.concurrency).toBeGreaterThan(1);
    expect(report.totals).toMatchObject({ compared: calls.length, mismatched: 0 });
    expect(report.groups).toEqual([]);
    const excluded = new Set(report.noise.filter((n) => n.excluded).map((n) => n.path));
    expect(excluded).toEqual(new Set(['$.createdAt', '$.books[*].createdAt']));
  }, 120_000);

  test('identical builds, recorded legacy: no mismatch', async () => {
    const report = await replayWithSuggestedKey('recorded', express4);
    expect(report.totals).toMatchObject({ compared: calls.length, mismatched: 0 });
    expect(report.groups).toEqual([]);
  }, 120_000);

  test('express 4 against express 5: what express changed, graded and grouped', async () => {
    const report = await replayWithSuggestedKey(express4, express5);
    const groups = new Map(report.groups.map((g) => [g.signature, g]));
    const found = (signature: string) => {
      const group = groups.get(signature);
      if (!group) throw new Error(`no group ${signature}; groups: ${[...groups.keys()].join(' | ')}`);
      return group;
    };

    // express.json() leaves req.body undefined on a request without a body: destructuring it throws.
    expect(found('status POST /users/:id/books/:id/borrow 200→500')).toMatchObject({ severity: 'high', count: 23, statuses: { legacy: 200, candidate: 500 } });
    // res.redirect('back') is no longer the Referer: a location change, and the text that names it.
    const back = found('body POST /users/:id/reviews line 1 header location');
    expect(back).toMatchObject({ severity: 'low', count: 17 });
    expect(back.examples[0]?.diff).toMatch(/^header location: \/users\/\d+\/books\/\d+ → back\n/);
    // mime-types 3 calls .js text/javascript; .css keeps its media type (only the charset's case changed).
    expect(found('body GET /static/app.js (content-type) application/javascript→text/javascript')).toMatchObject({ severity: 'low', count: 9 });
    expect(report.groups.some((g) => g.endpoint === 'GET /static/style.css')).toBe(false);
    // urlencoded() is no longer extended by default: tags[]=a&tags[]=b is not an array any more.
    expect(found('body GET /users/:id/reviews $.reviews[*].tags')).toMatchObject({ severity: 'low', count: 9 });
    // req.host now keeps the port: every link the answers build changes.
    expect(found('body POST /users/:id/books $.link')).toMatchObject({ count: 92 });
    expect(found('body GET /users/:id/books/:id $.link')).toMatchObject({ count: 33 });
    expect(found('body PATCH /users/:id/books/:id $.link')).toMatchObject({ count: 16 });
    const linkDiff = found('body POST /users/:id/books $.link').examples[0]?.diff;
    expect(linkDiff).toMatch(/^- {3}"link": "http:\/\/127\.0\.0\.1\/users\/\d+\/books\/\d+",$/m);
    expect(linkDiff).toMatch(/^\+ {3}"link": "http:\/\/127\.0\.0\.1:\d+\/users\/\d+\/books\/\d+",$/m);

    // The simple query parser drops filter[author] and tags[0]: the listings change, and with the
    // failed loans (no borrowedFor) in them. Every listing difference is under GET /users/:id/books.
    const listings = report.groups.filter((g) => g.endpoint === 'GET /users/:id/books');
    expect(listings.every((g) => g.severity === 'low' && g.category === 'body')).toBe(true);
    expect(listings.reduce((sum, g) => sum + g.count, 0)).toBe(61);
    expect(found('body GET /users/:id/books $.books[*].borrowedFor')).toMatchObject({ count: 21 });
    const filtered = listings.filter((g) => g.bodyPaths.includes('$.total'));
    expect(filtered.flatMap((g) => g.examples).every((e) => /filter\[author\]=|tags\[\d\]=/.test(decodeURIComponent(e.request.query)))).toBe(true);
    // One cause, one group: a listing that gained or lost books (or holds other ones) differs as a
    // list, not in whichever fields the shifted books happen to differ in.
    expect(found('body GET /users/:id/books $.total $.books')).toMatchObject({ count: 40 });
    expect(listings.length).toBe(2);
    expect(report.groups.length).toBe(11);

    // Nothing else differs: no transport failure, no other endpoint, no false alarm on createdAt.
    expect(report.categories).toMatchObject({ transport: 0, status: 23, body: 247 });
    expect(report.groups.every((g) => !g.signature.includes('createdAt'))).toBe(true);
    expect(new Set(report.groups.map((g) => g.endpoint))).toEqual(
      new Set(['POST /users/:id/books/:id/borrow', 'POST /users/:id/books', 'GET /users/:id/books/:id', 'PATCH /users/:id/books/:id', 'GET /users/:id/books', 'POST /users/:id/reviews', 'GET /static/app.js', 'GET /users/:id/reviews']),
    );
  }, 120_000);
});
