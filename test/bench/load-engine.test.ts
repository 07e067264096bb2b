import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/bench/load-engine.js';
import type { LoadPlan, LoadRequest } from '../../src/bench/model.js';
import type { SerialisedHistogram } from '../../src/util/histogram.js';
import { startServer } from '../helpers/servers.js';

function get(path: string, offsetMs = 0): LoadRequest {
  return { method: 'GET', path, headers: [['x-load', 'yes']], body: undefined, offsetMs };
}

function plan(url: string, overrides: Partial<LoadPlan>): LoadPlan {
  return { target: new URL(url), requests: [get('/')], start: 0, pace: { kind: 'rate', perSecond: 100 }, durationMs: 1000, connections: 4, timeoutMs: 5_000, ...overrides };
}

/** A server that records when (ms, its own clock) and what each request arrived with, and how many it held at once. */
async function watchedServer(answer: (req: IncomingMessage, res: ServerResponse, index: number) => void = (_req, res) => res.end('{"ok":true}')) {
  const arrivals: { path: string; atMs: number; header: string | undefined; body: string }[] = [];
  const sockets = new Set<unknown>();
  let active = 0;
  let maxActive = 0;
  const server = await startServer((req, res) => {
    const socket = req.socket;
    if (!sockets.has(socket)) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    active++;
    maxActive = Math.max(maxActive, active);
    res.once('close', () => active--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrivals.push({ path: req.url ?? '', atMs: performance.now(), header: req.headers['x-load'] as string | undefined, body: Buffer.concat(chunks).toString() });
      answer(req, res, arrivals.length - 1);
    });
  });
  return { ...server, arrivals, openSockets: () => sockets.size, maxActive: () => maxActive };
}

/** Values recorded at or above `us` (bucket lower bounds; 1% resolution is plenty for these gaps). */
function countAtLeast(h: SerialisedHistogram, us: number): number {
  return h.buckets.reduce((n, [bucket, count]) => (h.growth ** bucket >= us ? n + count : n), 0);
}

describe('runLoad, rate pace', () => {
  it('sends the scheduled count evenly over the window, with the recorded headers and bodies', async () => {
    const server = await watchedServer();
    const body = new TextEncoder().encode('{"amount":100}');
    const requests: LoadRequest[] = [get('/a'), { method: 'POST', path: '/b?x=1', headers: [['content-type', 'application/json'], ['x-load', 'yes']], body, offsetMs: 0 }];
    const result = await runLoad(plan(server.url, { requests, pace: { kind: 'rate', perSecond: 200 }, durationMs: 1000 }));

    expect(result.sent).toBe(200);
    expect(result.scheduled).toBe(200);
    expect(result.completed).toBe(200);
    expect(result.errors).toBe(0);
    expect(server.arrivals.length).toBeGreaterThanOrEqual(196);
    expect(result.latency.count).toBe(200);
    expect(server.arrivals.filter((a) => a.path === '/b?x=1').every((a) => a.body === '{"amount":100}' && a.header === 'yes')).toBe(true);
    // Paced, not a burst: the sends are spread over the window.
    const first = server.arrivals[0]?.atMs ?? 0;
    const last = server.arrivals.at(-1)?.atMs ?? 0;
    expect(last - first).toBeGreaterThan(800);
    expect(result.timeline.map((p) => p.second)).toEqual([0]);
    expect(result.timeline[0]?.completed).toBe(200);
    expect(result.harness.lateShare).toBeGreaterThanOrEqual(0);
    expect(result.harness.lateShare).toBeLessThanOrEqual(1);
    expect(result.next).toBe(0);
    // The pool is closed: the server sees its connections go.
    await expect.poll(() => server.openSockets(), { timeout: 2_000 }).toBe(0);
  });

  it('counts the wait of every request a stalled service held up, which a closed loop hides (no coordinated omission)', async () => {
    // One connection; the request arriving 300 ms in is answered 200 ms late. Requests due during
    // the stall wait in the pool for the connection: their latency runs from their intended time.
    const stall = () => {
      let started = 0;
      let stalled = false;
      return watchedServer((_req, res) => {
        const now = performance.now();
        started ||= now;
        if (!stalled && now - started >= 300) {
          stalled = true;
          setTimeout(() => res.end('late'), 200);
        } else res.end('ok');
      });
    };
    const openServer = await stall();
    const open = await runLoad(plan(openServer.url, { pace: { kind: 'rate', perSecond: 100 }, connections: 1, durationMs: 1000 }));
    const closedServer = await stall();
    const closed = await runLoad(plan(closedServer.url, { pace: { kind: 'saturate' }, connections: 1, durationMs: 1000 }));

    expect(open.latency.max).toBeGreaterThanOrEqual(195_000);
    expect(closed.latency.max).toBeGreaterThanOrEqual(195_000);
    // ~20 requests were due during the stall; half of them waited 100 ms or more.
    expect(countAtLeast(open.latency, 100_000)).toBeGreaterThanOrEqual(8);
    // The closed loop sent nothing while it waited: one slow request among thousands.
    expect(countAtLeast(closed.latency, 100_000)).toBeLessThanOrEqual(2);
    expect(open.completed).toBe(100);
  });

  it('counts its own lateness when the harness stalls, and still measures latency from the intended time', async () => {
    // The harness's event loop (shared with this server) blocks for 200 ms, 300 ms after the first request.
    let armed = false;
    const server = await watchedServer((_req, res) => {
      if (!armed) {
        setTimeout(() => {
          const until = performance.now() + 200;
          while (performance.now() < until);
        }, 300);
      }
      armed = true;
      res.end('ok');
    });
    const result = await runLoad(plan(server.url, { pace: { kind: 'rate', perSecond: 100 }, durationMs: 1000 }));
    expect(result.sent).toBe(100);
    expect(result.harness.maxLateUs).toBeGreaterThanOrEqual(150_000);
    expect(result.harness.lateShare).toBeGreaterThanOrEqual(0.1);
    expect(result.harness.eventLoopDelayP99Us).toBeGreaterThan(0);
    // The ~20 requests due during the block went out late; their latency includes that wait.
    expect(countAtLeast(result.latency, 100_000)).toBeGreaterThanOrEqual(8);
  });
});

describe('runLoad, recorded pace', () => {
  it('keeps the captured gaps divided by the speed, wraps around after one mean gap, and says where to go on', async () => {
    const server = await watchedServer();
    // Gaps 200, 400, 600 ms; span 1200, mean gap 400: at speed 2, sends at 0 100 300 600, then 800 900 1100 1400.
    const requests = [get('/r0', 1000), get('/r1', 1200), get('/r2', 1600), get('/r3', 2200)];
    const result = await runLoad(plan(server.url, { requests, pace: { kind: 'recorded', speed: 2 }, durationMs: 1500, connections: 2 }));

    expect(result.sent).toBe(8);
    expect(result.completed).toBe(8);
    expect(result.next).toBe(0);
    expect(server.arrivals.map((a) => a.path)).toEqual(['/r0', '/r1', '/r2', '/r3', '/r0', '/r1', '/r2', '/r3']);
    const expected = [0, 100, 300, 600, 800, 900, 1100, 1400];
    // Aligned on the median arrival, so that one request held up by a busy machine (the first
    // connection, a pause of the shared event loop) moves only itself.
    const drift = server.arrivals.map((a, i) => a.atMs - (expected[i] as number));
    const middle = [...drift].sort((a, b) => a - b)[4] as number;
    expect(drift.filter((d) => Math.abs(d - middle) < 80).length).toBeGreaterThanOrEqual(7);
  });

  it('starts from `start` and stops at the window, returning the index the next window continues from', async () => {
    const server = await watchedServer();
    const requests = [get('/r0', 0), get('/r1', 100), get('/r2', 200)];
    // From /r2 at speed 1: /r2 at 0, /r0 at 100 (one mean gap after the last), /r1 at 200, /r2 at 300; window 350 ms.
    const result = await runLoad(plan(server.url, { requests, start: 2, pace: { kind: 'recorded', speed: 1 }, durationMs: 350 }));
    expect(server.arrivals.map((a) => a.path)).toEqual(['/r2', '/r0', '/r1', '/r2']);
    expect(result.next).toBe(0);
  });

  it('refuses a capture whose requests all have one recorded time', async () => {
    await expect(runLoad(plan('http://127.0.0.1:9', { requests: [get('/a', 5), get('/b', 5)], pace: { kind: 'recorded', speed: 1 } }))).rejects.toMatchObject({ code: 'BENCH_INVALID' });
  });
});

describe('runLoad, failures', () => {
  it('counts transport failures as errors and 5xx answers as server errors', async () => {
    const server = await watchedServer((req, res) => {
      if (req.url === '/fail') res.writeHead(503).end('busy');
      else if (req.url === '/drop') req.socket.destroy();
      else res.end('ok');
    });
    const requests = [get('/ok'), get('/fail'), get('/drop'), get('/ok')];
    const result = await runLoad(plan(server.url, { requests, pace: { kind: 'rate', perSecond: 50 }, durationMs: 1000 }));
    // 50 sends: k % 4 === 1 → 503 (13 of them), k % 4 === 2 → dropped (12).
    expect(result.sent).toBe(50);
    expect(result.serverErrors).toBe(13);
    expect(result.errors).toBe(12);
    expect(result.completed).toBe(38);
  });

  it('counts every send as an error against a port nothing listens on', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const result = await runLoad(plan(closed.url, { pace: { kind: 'rate', perSecond: 50 }, durationMs: 300 }));
    expect(result.sent).toBe(15);
    expect(result.errors).toBe(15);
    expect(result.completed).toBe(0);
  });

  it('times out requests a service never answers, and still ends', async () => {
    const server = await watchedServer(() => {});
    const started = performance.now();
    const result = await runLoad(plan(server.url, { pace: { kind: 'rate', perSecond: 20 }, durationMs: 500, connections: 2, timeoutMs: 300 }));
    expect(result.sent).toBe(10);
    expect(result.errors).toBe(10);
    expect(result.completed).toBe(0);
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect.poll(() => server.openSockets(), { timeout: 2_000 }).toBe(0);
  });
});

describe('runLoad, abort and closed loop', () => {
  it('returns what was measured as soon as the signal aborts', async () => {
    const controller = new AbortController();
    // Aborted 300 ms after the first request arrives: the window's clock starts once the timer thread is up.
    let armed = false;
    const server = await watchedServer((_req, res) => {
      if (!armed) setTimeout(() => controller.abort(), 300);
      armed = true;
      res.end('ok');
    });
    const started = performance.now();
    const result = await runLoad(plan(server.url, { pace: { kind: 'rate', perSecond: 100 }, durationMs: 10_000, signal: controller.signal }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.sent).toBeGreaterThan(10);
    expect(result.sent).toBeLessThan(400);
    expect(result.completed).toBeLessThanOrEqual(result.sent);
    expect(result.latency.count).toBe(result.completed);
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(4_000);
    expect(result.timeline.length).toBe(Math.ceil(result.durationMs / 1000));
    await expect.poll(() => server.openSockets(), { timeout: 2_000 }).toBe(0);
  });

  it('keeps exactly one request in flight per connection in the saturate pace', async () => {
    const server = await watchedServer((_req, res) => setTimeout(() => res.end('ok'), 2));
    const requests = [get('/0'), get('/1'), get('/2')];
    const result = await runLoad(plan(server.url, { requests, pace: { kind: 'saturate' }, connections: 3, durationMs: 500 }));
    expect(result.completed).toBeGreaterThan(20);
    expect(result.sent).toBe(result.completed);
    expect(result.errors).toBe(0);
    expect(server.maxActive()).toBe(3);
    expect(result.next).toBe(result.sent % 3);
    expect(result.harness.lateShare).toBe(0);
  });

  it('leaves no timer, thread or socket behind', async () => {
    const server = await watchedServer((_req, res) => setTimeout(() => res.end('ok'), 50));
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    const kinds = ['MessagePort', 'Timeout', 'Immediate'];
    const before = kinds.map(count);
    // Ended while requests are in flight, by the window (drained) and by an abort (abandoned).
    await runLoad(plan(server.url, { pace: { kind: 'rate', perSecond: 100 }, durationMs: 200 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await runLoad(plan(server.url, { pace: { kind: 'rate', perSecond: 100 }, durationMs: 5_000, signal: controller.signal }));
    await expect.poll(() => server.openSockets(), { timeout: 2_000 }).toBe(0);
    // The server's own answer timers of the abandoned requests may still be pending: let them fire.
    await new Promise((resolve) => setTimeout(resolve, 100));
    kinds.forEach((kind, i) => expect(count(kind), kind).toBeLessThanOrEqual(before[i] as number));
  });
});

describe('runLoad, before it starts', () => {
  it('returns an empty window for a signal already aborted, and refuses a plan it cannot run', async () => {
    const server = await watchedServer();
    const result = await runLoad(plan(server.url, { signal: AbortSignal.abort() }));
    expect(result).toMatchObject({ sent: 0, completed: 0, errors: 0, durationMs: 0, timeline: [], next: 0, harness: { lateShare: 0, cpuShare: 0 } });
    expect(server.arrivals).toHaveLength(0);
    for (const bad of [{ requests: [] }, { durationMs: 0 }, { connections: 0 }, { timeoutMs: -1 }, { start: -1 }, { pace: { kind: 'rate' as const, perSecond: Number.POSITIVE_INFINITY } }]) {
      await expect(runLoad(plan(server.url, bad))).rejects.toMatchObject({ code: 'BENCH_INVALID' });
    }
  });
});
