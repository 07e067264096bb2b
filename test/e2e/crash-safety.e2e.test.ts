import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { tmpDir } from '../helpers/tmp.js';

const CHILD = fileURLToPath(new URL('../helpers/batch-writer-child.ts', import.meta.url));

test('after kill -9 mid-write, the capture opens, passes integrity_check and holds every committed batch', async () => {
  const path = join(tmpDir(), 'crash.db');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let acknowledged = 0;
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const counts = [...buffered.matchAll(/committed (\d+)\n/g)].map((m) => Number(m[1]));
      acknowledged = Math.max(acknowledged, ...counts);
      if (acknowledged >= 2_000) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const raw = new Database(path, { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const reader = openCaptureReader(path);
  const stored = reader.count();
  const paths = [...reader.exchanges({ toSeq: acknowledged })].map((e) => e.path);
  reader.close();
  expect(stored).toBeGreaterThanOrEqual(acknowledged);
  expect(paths).toEqual(Array.from({ length: acknowledged }, (_, i) => `/n/${i}`));
});
