import { createHash } from 'node:crypto';
import express from 'express';
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import type { CompareOptions } from '../../src/compare/settings.js';
import { replay, type ReplayOptions } from '../../src/replay/runner.js';
import { openCaptureReader } from '../../src/store/index.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

// A service that is not the validator, answering 1% of requests with a body of 2 to 10 MB (JSON or
// binary) and the rest with small JSON: cut at the recorder's 1 MiB cap, those compare by whole
// length and SHA-256, and comparing them stalls nothing.

const REQUESTS = 300;
const MiB = 1024 * 1024;
/** The 1%: n → body size and kind. 10 MB is also past the replay target's own cap. */
const LARGE = new Map<number, { size: number; kind: 'json' | 'binary' }>([
  [0, { size: 2 * MiB, kind: 'json' }],
  [100, { size: 6_000_000, kind: 'binary' }],
  [200, { size: 10_000_000, kind: 'json' }],
]);

/** A large body, the same on every call; `changed` flips one byte near its end (past any cap). */
function largeBody(n: number, changed: boolean): Buffer {
  const spec = LARGE.get(n);
  if (!spec) throw new Error(`no large body for ${n}`);
  let body: Buffer;
  if (spec.kind === 'json') {
    const head = `{"id":${n},"blob":"`;
    const tail = '"}';
    body = Buffer.from(head + 'a'.repeat(spec.size - head.length - tail.length) + tail);
  } else {
    body = Buffer.alloc(spec.size);
    let x = n + 1;
    for (let i = 0; i < body.length; i++) {
      x = (x * 1_103_515_245 + 12_345) >>> 0;
      body[i] = x >>> 24;
    }
  }
  if (changed) body[body.length - 3] = (body[body.length - 3] ?? 0) ^ 1;
  return body;
}

async function startItemService(changed: boolean): Promise<string> {
  const bodies = new Map([...LARGE.keys()].map((n) => [n, largeBody(n, changed)]));
  const app = express();
  app.get('/items/:n', (req, res) => {
    const n = Number(req.params.n);
    const large = bodies.get(n);
    if (large) return void res.type(LARGE.get(n)?.kind === 'json' ? 'json' : 'application/octet-stream').send(large);
    res.json({ id: n, name: `item ${n}`, price: (n * 37) % 1_000 });
  });
  return (await startServer(app)).url;
}

async function recordItems(): Promise<string> {
  const legacy = await startItemService(false);
  const { recording, out } = await startRecording(legacy);
  const next = { n: 0 };
  const client = async () => {
    for (let n = next.n++; n < REQUESTS; n = next.n++) {
      const answer = await request(`${recording.url}/items/${n}`);
      const body = Buffer.from(await answer.body.arrayBuffer());
      expect(answer.statusCode).toBe(200);
      // The proxied answer is never cut: only what the capture keeps is.
      if (LARGE.has(n)) expect(body.length).toBe(LARGE.get(n)?.size);
    }
  };
  await Promise.all(Array.from({ length: 6 }, client));
  const summary = await recording.stop('signal');
  expect(summary.capture).toMatchObject({ written: REQUESTS });
  return out;
}

const COMPARE: CompareOptions = { decision: null };

const options = (capture: string, candidate: string): ReplayOptions => ({
  capture,
  candidate: new URL(candidate),
  legacy: 'recorded',
  compare: COMPARE,
  order: 'none',
  partitionKey: 'path:2',
  concurrency: 8,
  timeoutMs: 5_000,
});

describe('large bodies on a service that is not the validator', () => {
  test('recorded cut at the cap with the whole length and hash; an identical candidate matches everywhere without a timeout; a one-byte change is exactly those exchanges', async () => {
    const capture = await recordItems();
    const reader = openCaptureReader(capture);
    try {
      for (const e of reader.exchanges()) {
        const n = Number(e.path.split('/')[2]);
        if (e.response.kind !== 'answer') throw new Error(`exchange ${e.seq} has no answer`);
        if (!LARGE.has(n)) {
          expect(e.response).toMatchObject({ truncated: false });
          expect(e.response.fullLength).toBeUndefined();
          continue;
        }
        const whole = largeBody(n, false);
        expect(e.response.truncated).toBe(true);
        expect(e.response.body.byteLength).toBe(MiB);
        expect(e.response.fullLength).toBe(whole.length);
        expect(e.response.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
      }
    } finally {
      reader.close();
    }

    const twin = await startItemService(false);
    const same = await replay(options(capture, twin));
    expect(same.totals).toMatchObject({ compared: REQUESTS, mismatched: 0 });
    expect(same.categories.transport).toBe(0);

    const changed = await startItemService(true);
    const differs = await replay(options(capture, changed));
    expect(differs.categories).toMatchObject({ transport: 0, body: LARGE.size, match: REQUESTS - LARGE.size });
    const paths = differs.groups.flatMap((g) => g.bodyPaths);
    expect(new Set(paths)).toEqual(new Set(['(body: over the cap, sha256 differs)']));
    expect(differs.groups.reduce((sum, g) => sum + g.count, 0)).toBe(LARGE.size);
    // An example says what was found, not a diff of a cut prefix against megabytes.
    for (const example of differs.groups.flatMap((g) => g.examples)) expect(example.diff).toBe('(body: over the cap, sha256 differs)');
  });
});
