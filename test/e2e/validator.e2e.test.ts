import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';

// The built CLI, as `npx parity` runs it after `npm install` (npm test builds first).
const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

test('`parity validator` answers the README example, then stops cleanly on Ctrl-C', async () => {
  const child = spawn(process.execPath, [BIN, 'validator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`validator exited ${code}: ${stderr}`)));
  });

  const body = await readFile(new URL('../fixtures/validator/payments/approve.json', import.meta.url), 'utf8');
  const res = await fetch(`${url}/v1/payments/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { decision: string }).decision).toBe('approve');

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stderr).toContain('validator stopped (SIGINT)');
});
