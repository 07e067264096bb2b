import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, onTestFinished, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { spawnParity } from '../helpers/cli.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

test('kill -9 of `parity record`: the capture opens, passes integrity_check and holds every exchange answered before the last batch interval', async () => {
  const upstream = await startServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"path":"${req.url}"}`));
  });
  const out = join(tmpDir(), 'killed.db');
  const child = spawnParity(['record', '--target', upstream.url, '--listen', '127.0.0.1:0', '--out', out], { PARITY_REDACT_KEY: 'kill-test-key-0123456789abcdef' });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /recording (http:\/\/\S+)/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`record exited ${code}: ${stderr}`)));
  });

  let answered = 0;
  for (let round = 0; round < 10; round++) {
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${url}/r/${round}/${i}`, { method: 'POST', body: 'x' }).then((r) => r.status)));
    answered += statuses.filter((s) => s === 200).length;
  }
  // Several batch intervals (100 ms) pass: everything answered so far has been committed.
  await new Promise((r) => setTimeout(r, 500));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const raw = new Database(out, { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const reader = openCaptureReader(out);
  const paths = new Set([...reader.exchanges()].map((e) => e.path));
  reader.close();
  expect(answered).toBe(200);
  for (let round = 0; round < 10; round++) for (let i = 0; i < 20; i++) expect(paths.has(`/r/${round}/${i}`)).toBe(true);
});
