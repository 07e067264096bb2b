import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createValidator, listenValidator, MUTATIONS, PERFORMANCE_MUTATIONS, type ListeningValidator, type PerformanceMutationName } from '../../../src/validator/index.js';
import { CPU_HEAVY_ROUNDS } from '../../../src/validator/performance-mutations/cpu-heavy.js';
import { LEAK_BYTES_PER_REQUEST } from '../../../src/validator/performance-mutations/leaky.js';
import { SLOW_EVERY, SLOW_HOLD_MS } from '../../../src/validator/performance-mutations/slow-tail.js';
import { mutationInputs } from '../../helpers/mutation-inputs.js';
import { rawRequest, type RawRequest, type RawReply } from '../../helpers/validator-http.js';

const NAMES = Object.keys(PERFORMANCE_MUTATIONS) as PerformanceMutationName[];
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Full garbage collection, so that live buffers alone are counted. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The payments of the mutation input set, a retry of one (answered from memory) and malformed requests. */
function requests(): RawRequest[] {
  const payments = mutationInputs().map((input): RawRequest => ({ path: '/v1/payments/validate', headers: JSON_HEADERS, body: JSON.stringify(input.body) }));
  const first = payments[0] as RawRequest;
  return [
    ...payments,
    first,
    { path: '/v1/payments/validate', headers: JSON_HEADERS, body: '{"amount": ' },
    { path: '/v1/payments/validate', headers: JSON_HEADERS, body: '' },
    { path: '/v1/payments/validate', headers: { 'content-type': 'text/plain' }, body: '{}' },
    { path: '/v1/payments/validate', headers: JSON_HEADERS, body: '{"transaction_id": 7}' },
    { method: 'GET', path: '/v1/payments/validate' },
    { method: 'GET', path: '/healthz' },
  ];
}

/** The answer as a client sees it, with the two fields that differ on every call by design blanked. */
function shown(reply: RawReply): string {
  const text = reply.text.replace(/"request_id":"[^"]*"/g, '"request_id":"-"').replace(/"processed_at":"[^"]*"/g, '"processed_at":"-"');
  const { 'content-type': type, 'content-length': length, 'idempotent-replayed': replayed, allow } = reply.headers;
  return JSON.stringify({ status: reply.status, type, length, replayed, allow, text });
}

async function sendAll(url: string, list: readonly RawRequest[]): Promise<RawReply[]> {
  const replies: RawReply[] = [];
  for (const request of list) replies.push(await rawRequest(url, request));
  return replies;
}

const keptAlive = new Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => keptAlive.destroy());

function postKeptAlive(url: string, body: string): Promise<void> {
  const target = new URL('/v1/payments/validate', url);
  return new Promise((resolve, reject) => {
    const headers = { ...JSON_HEADERS, 'content-length': Buffer.byteLength(body) };
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent: keptAlive, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const servers = new Map<PerformanceMutationName | 'reference', ListeningValidator>();
beforeAll(async () => {
  for (const name of ['reference', ...NAMES] as const) {
    servers.set(name, await listenValidator(createValidator(name === 'reference' ? {} : { mutation: name }), '127.0.0.1', 0));
  }
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});
const urlOf = (name: PerformanceMutationName | 'reference') => servers.get(name)?.url ?? '';

describe('performance mutations', () => {
  test('the registry: each key is its name, none shares a name with a behaviour mutation', () => {
    for (const [key, m] of Object.entries(PERFORMANCE_MUTATIONS)) expect(m.name).toBe(key);
    for (const name of NAMES) expect(Object.hasOwn(MUTATIONS, name)).toBe(false);
  });

  test.each(NAMES)('%s answers every request byte for byte like the reference', async (name) => {
    const list = requests();
    // From the seed state on both: earlier tests replayed payments through these validators.
    await Promise.all([rawRequest(urlOf('reference'), { path: '/admin/reset' }), rawRequest(urlOf(name), { path: '/admin/reset' })]);
    const [reference, mutated] = await Promise.all([sendAll(urlOf('reference'), list), sendAll(urlOf(name), list)]);
    expect(reference.filter((r) => r.status === 200).length).toBeGreaterThan(200);
    expect(reference.some((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
    expect(mutated.map(shown)).toEqual(reference.map(shown));
  });

  test(`slow-tail holds back exactly every ${SLOW_EVERY}th answer, by ${SLOW_HOLD_MS} ms`, async () => {
    const cost = PERFORMANCE_MUTATIONS['slow-tail'].serving();
    const holds = Array.from({ length: 1_000 }, () => cost.onRequest());
    expect(holds.filter((ms) => ms > 0)).toEqual(Array.from({ length: 1_000 / SLOW_EVERY }, () => SLOW_HOLD_MS));
    expect(holds.filter((ms) => ms > 0).length / holds.length).toBe(0.02);

    // Over HTTP, on a fresh validator: the held answers take at least the hold (a lower bound, whatever the machine's load).
    const server = await listenValidator(createValidator({ mutation: 'slow-tail' }), '127.0.0.1', 0);
    try {
      const tookMs: number[] = [];
      for (const request of requests().slice(0, 2 * SLOW_EVERY)) {
        const started = performance.now();
        await rawRequest(server.url, request);
        tookMs.push(performance.now() - started);
      }
      expect(tookMs[SLOW_EVERY - 1]).toBeGreaterThanOrEqual(SLOW_HOLD_MS - 1);
      expect(tookMs[2 * SLOW_EVERY - 1]).toBeGreaterThanOrEqual(SLOW_HOLD_MS - 1);
    } finally {
      await server.close();
    }
  });

  test('cpu-heavy burns CPU for every request it serves (work, not a sleep)', async () => {
    const cost = PERFORMANCE_MUTATIONS['cpu-heavy'].serving();
    const calls = 200;
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) expect(cost.onRequest()).toBe(0);
    const used = process.cpuUsage(before);
    const perCallMs = (used.user + used.system) / 1000 / calls;
    // PBKDF2 rounds cost ~0.5 µs each on today's machines: a tenth of that is a floor no machine beats.
    expect(perCallMs).toBeGreaterThan((CPU_HEAVY_ROUNDS * 0.5e-3) / 10);

    // Over HTTP, in this process: the same requests cost more CPU served by cpu-heavy than by the reference.
    // Over kept-alive connections: a fresh connection per request would cost more CPU than the mutation adds.
    const bodies = mutationInputs().slice(0, calls).map((input) => JSON.stringify(input.body));
    const cpuOf = async (name: 'reference' | 'cpu-heavy') => {
      const start = process.cpuUsage();
      for (const body of bodies) await postKeptAlive(urlOf(name), body);
      const u = process.cpuUsage(start);
      return (u.user + u.system) / 1000;
    };
    // Alternated and summed: a busy machine's drift falls on both alike.
    await cpuOf('reference');
    await cpuOf('cpu-heavy');
    let referenceMs = 0;
    let heavyMs = 0;
    for (let round = 0; round < 3; round++) {
      referenceMs += await cpuOf('reference');
      heavyMs += await cpuOf('cpu-heavy');
    }
    expect(heavyMs - referenceMs).toBeGreaterThan(0.4 * 3 * perCallMs * calls);
  });

  test('leaky keeps memory for every request it serves, even across a reset', async () => {
    const list = requests().slice(0, 300);
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    await sendAll(urlOf('leaky'), list);
    await rawRequest(urlOf('leaky'), { path: '/admin/reset' });
    collectGarbage();
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(0.9 * list.length * LEAK_BYTES_PER_REQUEST);
  });

  test('what leaky keeps is resident: the RSS of a fresh process grows by it', () => {
    // A process of its own: in this one, memory freed by earlier tests would be reused and hide the growth.
    const script = `
      const { PERFORMANCE_MUTATIONS } = await import(${JSON.stringify(new URL('../../../src/validator/performance-mutations/index.ts', import.meta.url).href)});
      const cost = PERFORMANCE_MUTATIONS.leaky.serving();
      const before = process.memoryUsage().rss;
      for (let i = 0; i < 2000; i++) cost.onRequest();
      console.log(process.memoryUsage().rss - before);`;
    const grown = Number(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
    expect(grown).toBeGreaterThan(0.8 * 2_000 * LEAK_BYTES_PER_REQUEST);
  }, 30_000);
});
