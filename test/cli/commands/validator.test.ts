import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { MUTATIONS } from '../../../src/validator/mutations/index.js';
import { PERFORMANCE_MUTATIONS } from '../../../src/validator/performance-mutations/index.js';
import { runParity } from '../../helpers/cli.js';
import { fakeIo } from '../../helpers/io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parity-validator-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parity validator', () => {
  test('--list-mutations lists every mutation with a one-line description', async () => {
    const { code, stdout } = await runParity(['validator', '--list-mutations']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(MUTATIONS).length + Object.keys(PERFORMANCE_MUTATIONS).length);
    for (const m of Object.values(MUTATIONS)) expect(stdout).toContain(`${m.name.padEnd(28)} ${m.description}`);
    for (const m of Object.values(PERFORMANCE_MUTATIONS)) expect(stdout).toContain(`${m.name.padEnd(28)} [performance only] ${m.description}`);
  });

  test('--mutate accepts a performance mutation: the rules are the reference ones', async () => {
    const plain = await runParity(['validator', '--list-rules']);
    const slow = await runParity(['validator', '--list-rules', '--mutate', 'slow-tail']);
    expect(slow.code).toBe(0);
    expect(slow.stdout).toBe(plain.stdout);
  });

  test('--list-rules lists the pipeline in order, and a mutation shows in it', async () => {
    const plain = await runParity(['validator', '--list-rules']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\n')[0]).toMatch(/^ 1\. card-number/);
    expect(plain.stdout).toContain('merchant-category');
    const mutated = await runParity(['validator', '--list-rules', '--mutate', 'merchant-category-dropped']);
    expect(mutated.stdout).not.toContain('merchant-category ');
  });

  test.each([
    [['--mutate', 'nope'], "option '--mutate <name>' argument 'nope' is invalid"],
    [['--port', 'http'], "option '--port <port>' argument 'http' is invalid"],
    [['--port', '70000'], "option '--port <port>' argument '70000' is invalid"],
  ])('bad flag %j → exit 2 with commander wording', async (args, message) => {
    const { code, stderr } = await runParity(['validator', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('a missing --state file → exit 2, STATE_NOT_FOUND wording, no stack', async () => {
    const { code, stderr } = await runParity(['validator', '--state', join(dir, 'missing.json'), '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: state file not found: .*missing\.json\nhint: omit --state/);
    expect(stderr).not.toMatch(/\bat .*\(/);
  });

  test('an invalid --state file → exit 2 naming the field at fault', async () => {
    const file = join(dir, 'bad-state.json');
    await writeFile(file, JSON.stringify({ accounts: [{ id: 'A', status: 'frozen', country: 'DE', balances: {}, typical_amounts: {} }], merchants: [] }));
    const { code, stderr } = await runParity(['validator', '--state', file, '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('accounts[0].status: expected one of active, blocked, got "frozen"');
  });

  test('a --state file that is not JSON → exit 2', async () => {
    const file = join(dir, 'not-json.json');
    await writeFile(file, 'accounts: []');
    const { code, stderr } = await runParity(['validator', '--state', file, '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('not valid JSON');
  });

  test('serves until interrupted, then closes and exits 0', async () => {
    const io = fakeIo();
    const running = runCli(['node', 'parity', 'validator', '--port', '0', '--mutate', 'hold-not-placed'], io);
    const url = await waitForUrl(io.out);
    expect(io.out()).toContain('(mutation: hold-not-placed)');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    io.interrupt('SIGINT');
    expect(await running).toBe(0);
    expect(io.err()).toContain('validator stopped (SIGINT)');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  test('a port already in use → exit 1 LISTEN_FAILED with a hint', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const { code, stderr } = await runParity(['validator', '--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toContain(`parity: cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
      expect(stderr).toContain('hint: another process holds the port');
    } finally {
      blocker.close();
    }
  });
});

async function waitForUrl(out: () => string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = /listening on (http:\/\/\S+)/.exec(out());
    if (match?.[1]) return match[1];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`validator did not start: ${out()}`);
}
