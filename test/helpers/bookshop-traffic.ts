import express4 from 'express4';
import { request } from 'undici';
import { replay } from '../../src/replay/runner.js';
import type { ReportV1 } from '../../src/report/model.js';
import type { ExpressMajor } from './bookshop-app.js';
import type { CompareOptions } from '../../src/compare/settings.js';
import { Random } from '../../src/util/random.js';

/** How a user of a plain REST app compares it: no decision field, no error codes. */
export const BOOKSHOP_COMPARE: CompareOptions = { decision: null, errorCodes: { paths: [], primary: null } };

/** Replay settings for the bookshop: ordered per reader, readers side by side. */
export const BOOKSHOP_REPLAY = { order: 'key', concurrency: 8, timeoutMs: 5_000 } as const;

/** One request of the bookshop's traffic, as a client sends it. */
export interface BookshopCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface TrafficOptions {
  readonly seed?: number;
  readonly users?: number;
  readonly requests?: number;
}

export const TRAFFIC_DEFAULTS = { seed: 13, users: 8, requests: 320 } as const;

const AUTHORS = ['Ursula K. Le Guin', 'Terry Pratchett', 'Octavia E. Butler', 'Italo Calvino'];
const TAGS = ['fantasy', 'classic', 'funny', 'short', 'sf'];
const TITLES = ['A Wizard of Earthsea', 'Small Gods', 'Kindred', 'Invisible Cities', 'The Dispossessed', 'Mort', 'Dawn', 'If on a winter night'];
const FIRST_BOOKS = 3;

type Action = 'create' | 'list' | 'listByAuthor' | 'listByTags' | 'listPage' | 'show' | 'patch' | 'delete' | 'borrow' | 'review' | 'reviews' | 'script' | 'stylesheet' | 'badJson';

const ACTIONS: readonly (readonly [Action, number])[] = [
  ['create', 22],
  ['list', 8],
  ['listByAuthor', 8],
  ['listByTags', 6],
  ['listPage', 5],
  ['show', 12],
  ['patch', 6],
  ['delete', 3],
  ['borrow', 6],
  ['review', 6],
  ['reviews', 4],
  ['script', 4],
  ['stylesheet', 3],
  ['badJson', 1],
];

interface UserState {
  readonly id: string;
  created: number;
  readonly live: number[];
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * Seeded traffic of `users` readers (numeric ids, as `/users/:user/...` routes take them), each
 * starting with a few books, then a mix of listing with filters, reading, editing, borrowing,
 * reviewing through a form and fetching assets. Book ids are counted per user as the app does, so
 * the same seed always sends the same requests, whatever the answers.
 */
export function bookshopTraffic(options: TrafficOptions = {}): BookshopCall[] {
  const { seed, users, requests } = { ...TRAFFIC_DEFAULTS, ...options };
  const random = new Random(seed);
  const readers: UserState[] = Array.from({ length: users }, (_, i) => ({ id: String(1001 + i * 17), created: 0, live: [] }));
  const calls: BookshopCall[] = [];
  while (calls.length < requests) {
    const user = random.pick(readers);
    const action: Action = user.created < FIRST_BOOKS ? 'create' : random.weighted(ACTIONS);
    calls.push(callFor(action, user, random));
  }
  return calls;
}

function callFor(action: Action, user: UserState, random: Random): BookshopCall {
  const books = `/users/${user.id}/books`;
  // Mostly a book the user has, sometimes one deleted or never made (404).
  const someBook = () => (user.live.length > 0 && random.chance(0.9) ? random.pick(user.live) : random.int(1, user.created + 2));
  switch (action) {
    case 'create': {
      user.created++;
      user.live.push(user.created);
      const tags = TAGS.filter(() => random.chance(0.4));
      return { method: 'POST', path: books, headers: JSON_HEADERS, body: JSON.stringify({ title: random.pick(TITLES), author: random.pick(AUTHORS), tags }) };
    }
    case 'list':
      return { method: 'GET', path: books, headers: { accept: 'application/json' } };
    case 'listByAuthor':
      return { method: 'GET', path: `${books}?filter[author]=${encodeURIComponent(random.pick(AUTHORS))}`, headers: { accept: 'application/json' } };
    case 'listByTags': {
      const [a, b] = [random.pick(TAGS), random.pick(TAGS)];
      return { method: 'GET', path: `${books}?tags[0]=${a}&tags[1]=${b}`, headers: { accept: 'application/json' } };
    }
    case 'listPage':
      return { method: 'GET', path: `${books}?page=2`, headers: { accept: 'application/json' } };
    case 'show':
      return { method: 'GET', path: `${books}/${someBook()}`, headers: { accept: 'application/json' } };
    case 'patch':
      return { method: 'PATCH', path: `${books}/${someBook()}`, headers: JSON_HEADERS, body: JSON.stringify(random.chance(0.5) ? { title: random.pick(TITLES) } : { tags: [random.pick(TAGS)] }) };
    case 'delete': {
      const id = someBook();
      const at = user.live.indexOf(id);
      if (at >= 0) user.live.splice(at, 1);
      return { method: 'DELETE', path: `${books}/${id}`, headers: {} };
    }
    case 'borrow':
      return { method: 'POST', path: `${books}/${someBook()}/borrow`, headers: { accept: 'application/json' } };
    case 'review': {
      const book = someBook();
      const tags = TAGS.filter(() => random.chance(0.3));
      const form = new URLSearchParams([['book', String(book)], ['stars', String(random.int(1, 5))], ...tags.map((t): [string, string] => ['tags[]', t]), ['text', 'loved it']]);
      return {
        method: 'POST',
        path: `/users/${user.id}/reviews`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', referer: `https://bookshop.example${books}/${book}` },
        body: form.toString(),
      };
    }
    case 'reviews':
      return { method: 'GET', path: `/users/${user.id}/reviews`, headers: { accept: 'application/json' } };
    case 'script':
      return { method: 'GET', path: '/static/app.js', headers: {} };
    case 'stylesheet':
      return { method: 'GET', path: '/static/style.css', headers: {} };
    case 'badJson':
      return { method: 'POST', path: books, headers: JSON_HEADERS, body: '{"title": "Kindred",' };
  }
}

/** Sends the calls in order (a reader's requests depend on the ones before), and returns the statuses seen. */
export async function sendTraffic(base: string, calls: readonly BookshopCall[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const call of calls) {
    const answer = await request(`${base}${call.path}`, { method: call.method, headers: call.headers, ...(call.body === undefined ? {} : { body: call.body }) });
    await answer.body.dump();
    statuses.push(answer.statusCode);
  }
  return statuses;
}

/**
 * A replay as a user of a plain REST app runs it: ordered by `partitionKey`, a third express 4 as
 * secondary (its differences from legacy are noise). `fresh` starts a new app of a major.
 */
export async function replayBookshop(options: {
  readonly capture: string;
  readonly partitionKey: string;
  readonly legacy: ExpressMajor | 'recorded';
  readonly candidate: ExpressMajor;
  readonly fresh: (express: ExpressMajor) => Promise<URL>;
}): Promise<ReportV1> {
  const { fresh } = options;
  return replay({
    ...BOOKSHOP_REPLAY,
    capture: options.capture,
    partitionKey: options.partitionKey,
    compare: BOOKSHOP_COMPARE,
    legacy: options.legacy === 'recorded' ? 'recorded' : await fresh(options.legacy),
    candidate: await fresh(options.candidate),
    secondary: await fresh(express4),
  });
}
