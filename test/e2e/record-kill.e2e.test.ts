import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, onTestFinished, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { spawnParity } from '../helpers/cli.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';
import { startBusyNeighbours } from '../helpers/busy-neighbours.js';

/** The README's promises (Recording: `parity record`): what a kill -9 may lose, and how long a stop may take, whatever the load. */
const KILL_LOSS_BOUND_MS = 1_000;
const STOP_BOUND_MS = 3_000;
/** Two cores' worth and one more: the store worker competes with them for every slice. */
const BUSY_NEIGHBOURS = 3;

async function echoUpstream() {
  return startServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"path":"${req.url}"}`));
  });
}

async function startRecorder(upstreamUrl: string, out: string) {
  const child = spawnParity(['record', '--target', upstreamUrl, '--listen', '127.0.0.1:0', '--out', out], { PARITY_REDACT_KEY: 'kill-test-key-0123456789abcdef' });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /recording (http:\/\/\S+)/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`record exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

/** `clients` loops, each posting to paths of its own as fast as they are answered; remembers when each was answered. */
function steadyLoad(url: string, clients: number) {
  const answeredAt = new Map<string, number>();
  let running = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let n = 0; running; n++) {
      const path = `/c/${client}/${n}`;
      try {
        const res = await fetch(`${url}${path}`, { method: 'POST', body: 'x' });
        await res.text();
        if (res.status === 200) answeredAt.set(path, Date.now());
      } catch {
        // The recorder stopped or was killed under this request: it was never answered.
        return;
      }
    }
  });
  return {
    answeredAt,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

function storedPaths(out: string): { paths: Set<string>; newestRecordedAt: number } {
  const raw = new Database(out, { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const reader = openCaptureReader(out);
  const exchanges = [...reader.exchanges()];
  reader.close();
  return { paths: new Set(exchanges.map((e) => e.path)), newestRecordedAt: Math.max(...exchanges.map((e) => e.recordedAt)) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kill -9 of `parity record`: the capture opens, passes integrity_check and holds every exchange answered before the last batch interval', async () => {
  const upstream = await echoUpstream();
  const out = join(tmpDir(), 'killed.db');
  const recorder = await startRecorder(upstream.url, out);

  let answered = 0;
  for (let round = 0; round < 10; round++) {
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${recorder.url}/r/${round}/${i}`, { method: 'POST', body: 'x' }).then((r) => r.status)));
    answered += statuses.filter((s) => s === 200).length;
  }
  // Several batch intervals (100 ms) pass: everything answered so far has been committed.
  await sleep(500);
  recorder.child.kill('SIGKILL');
  await recorder.exited;

  const { paths } = storedPaths(out);
  expect(answered).toBe(200);
  for (let round = 0; round < 10; round++) for (let i = 0; i < 20; i++) expect(paths.has(`/r/${round}/${i}`)).toBe(true);
});

test(`kill -9 beside ${BUSY_NEIGHBOURS} CPU-bound processes loses at most ${KILL_LOSS_BOUND_MS} ms of answered exchanges`, async () => {
  const upstream = await echoUpstream();
  const out = join(tmpDir(), 'killed-busy.db');
  const recorder = await startRecorder(upstream.url, out);
  startBusyNeighbours(BUSY_NEIGHBOURS);
  const load = steadyLoad(recorder.url, 8);
  await sleep(4_000);
  const killedAt = Date.now();
  recorder.child.kill('SIGKILL');
  await recorder.exited;
  await load.stop();

  const { paths, newestRecordedAt } = storedPaths(out);
  const lossWindowMs = killedAt - newestRecordedAt;
  const answeredEarlier = [...load.answeredAt].filter(([, at]) => at < killedAt - KILL_LOSS_BOUND_MS).map(([path]) => path);
  const missing = answeredEarlier.filter((path) => !paths.has(path));
  console.info(`kill -9 under load: ${load.answeredAt.size} answered, ${paths.size} stored, newest stored row ${lossWindowMs} ms before the kill, ${missing.length} of ${answeredEarlier.length} answered over ${KILL_LOSS_BOUND_MS} ms before it missing`);
  expect(answeredEarlier.length).toBeGreaterThan(20);
  expect(lossWindowMs).toBeLessThanOrEqual(KILL_LOSS_BOUND_MS);
  expect(missing).toEqual([]);
});

test(`Ctrl-C beside ${BUSY_NEIGHBOURS} CPU-bound processes: stopped within ${STOP_BOUND_MS} ms, every answered exchange stored, no -wal or -shm left`, async () => {
  const upstream = await echoUpstream();
  const out = join(tmpDir(), 'stopped-busy.db');
  const recorder = await startRecorder(upstream.url, out);
  startBusyNeighbours(BUSY_NEIGHBOURS);
  const load = steadyLoad(recorder.url, 8);
  await sleep(4_000);
  const interruptedAt = Date.now();
  recorder.child.kill('SIGINT');
  const { code, at } = await recorder.exited;
  await load.stop();

  const stopMs = at - interruptedAt;
  const { paths } = storedPaths(out);
  const missing = [...load.answeredAt.keys()].filter((path) => !paths.has(path));
  console.info(`Ctrl-C under load: stopped in ${stopMs} ms, ${load.answeredAt.size} answered, ${paths.size} stored, ${missing.length} answered but missing`);
  expect(code, recorder.output().stderr).toBe(0);
  expect(recorder.output().stdout).toMatch(/^recorded \d+ exchanges into .* \(stopped by signal\)/);
  expect(stopMs).toBeLessThanOrEqual(STOP_BOUND_MS);
  expect(missing).toEqual([]);
  expect(existsSync(`${out}-wal`)).toBe(false);
  expect(existsSync(`${out}-shm`)).toBe(false);
});
