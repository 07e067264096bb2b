import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runParity } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('parity', () => {
  test('--help lists the commands and the exit codes, exit 0', async () => {
    const { code, stdout } = await runParity(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('validator');
    expect(stdout).toContain('Exit codes: 0 success, 1');
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await runParity(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  test('an unknown command is a usage error, exit 2', async () => {
    const { code, stderr } = await runParity(['bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'bogus'");
    expect(stderr).toContain('--help');
  });

  test('no command prints the help and exits 2', async () => {
    const { code, stdout } = await runParity([]);
    expect(code).toBe(2);
    expect(stdout).toContain('Usage: parity');
  });

  test('an unknown option is a usage error, exit 2', async () => {
    const { code, stderr } = await runParity(['validator', '--nope']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--nope'");
  });
});
