import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recording } from '../../src/record/recorder.js';
import { generateTraffic, type GeneratedRequest } from '../../src/traffic/generate.js';
import { sendTraffic } from '../../src/traffic/send.js';
import { createValidator, listenValidator } from '../../src/validator/index.js';
import { TEST_KEY } from './recording.js';

/**
 * Records `count` generated payments through the proxy in front of a fresh reference validator.
 * Usable from beforeAll: it cleans up its servers itself; call `remove()` when done with the file.
 * With `keep`, requests it refuses are left out (and more are generated until `count` are kept).
 */
export async function generatedCapture(count: number, seed = 11, keep?: (request: GeneratedRequest) => boolean): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-capture-'));
  const path = join(dir, 'generated.db');
  const legacy = await listenValidator(createValidator(), '127.0.0.1', 0);
  try {
    const recording = await Recording.start({
      target: new URL(legacy.url),
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024 * 1024,
      sample: 1,
      include: [],
      exclude: [],
      upstreamTimeoutMs: 5_000,
      out: path,
      redaction: {},
      key: TEST_KEY,
      createdBy: 'parity test',
    });
    try {
      const traffic = keep ? kept(generateTraffic({ count: count * 4, seed }), keep, count) : generateTraffic({ count, seed });
      await sendTraffic(traffic, { target: new URL(recording.url), concurrency: 8 });
    } finally {
      await recording.stop('signal');
    }
  } finally {
    await legacy.close();
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function* kept<T>(items: Iterable<T>, keep: (item: T) => boolean, count: number): Generator<T> {
  let taken = 0;
  for (const item of items) {
    if (taken >= count) return;
    if (!keep(item)) continue;
    taken++;
    yield item;
  }
}

/**
 * A `keep` filter for traffic whose state stays inside its account, so that `--order key` with
 * `$.account_id` replays it exactly: it drops a request that reuses another account's transaction
 * id (the duplicate-id check) or card (card velocity). The generator makes a few such requests on
 * purpose; replayed in account partitions they race, and the first of the two to arrive wins.
 */
export function accountLocal(): (request: GeneratedRequest) => boolean {
  const owners = new Map<string, string>();
  return (request) => {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return true;
    }
    if (typeof body !== 'object' || body === null) return true;
    const b = body as { transaction_id?: unknown; account_id?: unknown; card?: { number?: unknown } };
    const account = String(b.account_id);
    const shared = [['tx', b.transaction_id], ['card', b.card?.number]].flatMap(([kind, id]) => (typeof id === 'string' ? [`${kind}:${id}`] : []));
    if (shared.some((key) => (owners.get(key) ?? account) !== account)) return false;
    for (const key of shared) owners.set(key, account);
    return true;
  };
}
