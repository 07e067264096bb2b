import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import { fakeIo } from './io.js';

/** Runs `parity ...args` in-process; returns the exit code and what it printed. */
export async function runParity(args: readonly string[], env: Record<string, string | undefined> = {}) {
  const io = fakeIo(env);
  const code = await runCli(['node', 'parity', ...args], io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

/** Spawns the CLI as a real process (through tsx, so no build is needed). */
export function spawnParity(args: readonly string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
