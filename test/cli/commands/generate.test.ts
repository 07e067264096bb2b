import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { runParity } from '../../helpers/cli.js';
import { fakeIo } from '../../helpers/io.js';
import { startValidator } from '../../helpers/validator-server.js';

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('parity generate', () => {
  test('sends 300 requests to the validator and prints the summary', async () => {
    const validator = await startValidator();
    const { code, stdout, stderr } = await runParity(['generate', '--target', validator.url, '--count', '300', '--seed', '7']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^generate: sent 300 requests to ${validator.url}/ in [\\d.]+ s \\([\\d.]+ req/s\\)\\n`));
    expect(stdout).toMatch(/^ {2}status 200 {2}\d+$/m);
    expect(stdout).toContain('  errors      none');
  });

  test('--json prints one JSON summary; the same seed against a fresh validator gives the same statuses', async () => {
    const run = async () => {
      const validator = await startValidator();
      const { code, stdout } = await runParity(['generate', '--target', validator.url, '--count', '300', '--seed', '7', '--json', '--concurrency', '4']);
      expect(code).toBe(0);
      return JSON.parse(stdout) as { sent: number; byStatus: Record<string, number>; errors: Record<string, number>; requested: number; seed: number; interrupted: boolean };
    };
    const first = await run();
    expect(first).toMatchObject({ sent: 300, requested: 300, seed: 7, errors: {}, interrupted: false });
    expect(Object.values(first.byStatus).reduce((a, b) => a + b, 0)).toBe(300);
    expect(first.byStatus['200']).toBeGreaterThan(280);
    expect(first.byStatus['400']).toBeGreaterThan(0);
    expect((await run()).byStatus).toEqual(first.byStatus);
  });

  test.each([
    [['--count', '0'], "option '--count <n>' argument '0' is invalid"],
    [['--count', 'many'], "option '--count <n>' argument 'many' is invalid"],
    [['--rate', '0'], "option '--rate <r>' argument '0' is invalid"],
    [['--rate', '-5'], "option '--rate <r>' argument '-5' is invalid"],
    [['--concurrency', '0'], "option '--concurrency <c>' argument '0' is invalid"],
    [['--concurrency', '1025'], "option '--concurrency <c>' argument '1025' is invalid"],
    [['--seed', '1.5'], "option '--seed <s>' argument '1.5' is invalid"],
    [['--start', '2026-03-28T06:00:00'], "option '--start <time>' argument '2026-03-28T06:00:00' is invalid"],
    [['--start', 'yesterday'], "option '--start <time>' argument 'yesterday' is invalid"],
    [['--timeout', 'soon'], "option '--timeout <duration>' argument 'soon' is invalid"],
  ])('bad flag %j → exit 2 with commander wording', async (args, message) => {
    const { code, stderr } = await runParity(['generate', '--target', 'http://127.0.0.1:9', '--count', '10', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test.each([
    [['--target', 'ftp://127.0.0.1/', '--count', '10'], "option '--target <url>' argument 'ftp://127.0.0.1/' is invalid"],
    [['--target', 'localhost', '--count', '10'], "option '--target <url>' argument 'localhost' is invalid"],
    [['--count', '10'], "required option '--target <url>' not specified"],
    [['--target', 'http://127.0.0.1:9'], "required option '--count <n>' not specified"],
  ])('bad or missing target/count %j → exit 2', async (args, message) => {
    const { code, stderr } = await runParity(['generate', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('an unreachable target → exit 1, TARGET_UNREACHABLE wording and a hint', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runParity(['generate', '--target', `http://127.0.0.1:${port}`, '--count', '100']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `parity: cannot reach http://127.0.0.1:${port}/: ECONNREFUSED\nhint: is the service running? Start the reference one with \`parity validator\` and pass its URL to --target\n`,
    );
  });

  test('Ctrl-C stops sending, still prints the summary and exits 0', async () => {
    const validator = await startValidator();
    const io = fakeIo();
    const running = runCli(['node', 'parity', 'generate', '--target', validator.url, '--count', '1000000', '--rate', '400'], io);
    await new Promise((resolve) => setTimeout(resolve, 500));
    io.interrupt('SIGINT');
    expect(await running).toBe(0);
    const match = /^generate: stopped \(SIGINT\) after (\d+) of 1000000 requests to /.exec(io.out());
    expect(match).not.toBeNull();
    const sent = Number(match![1]);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(1_000);
    expect(io.out()).toMatch(/^ {2}status 200 {2}\d+$/m);
  });

  test('--help explains the flags with examples', async () => {
    const { code, stdout } = await runParity(['generate', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--target <url>', '--count <n>', '--rate <r>', '--concurrency <c>', '--seed <s>', '--start <time>', '--json']) expect(stdout).toContain(flag);
    expect(stdout).toContain('$ parity generate --target http://127.0.0.1:8080 --count 10000');
  });
});
