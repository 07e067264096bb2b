import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REDACTION_ENGINE } from '../../src/redact/redactor.js';
import { CaptureWriter, createCapture } from '../../src/store/index.js';
import { exchangeOf } from '../helpers/exchanges.js';

/**
 * The CLI as a person runs it: under a pseudo-terminal (util-linux `script`) a cli-progress bar
 * is drawn on stderr and redrawn in place; the same command in CI (CI=1, with or without a
 * terminal) prints none. Plain lines and counters without a total: test/cli/progress.test.ts.
 */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes('util-linux') === true;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src', 'bin.ts');
const COUNT = 10_000;

let dir: string;
let capture: string;

beforeAll(() => {
  if (!hasScript) return;
  dir = mkdtempSync(join(tmpdir(), 'parity-progress-'));
  const exchanges = Array.from({ length: COUNT }, (_, i) => exchangeOf({ recordedAt: Date.UTC(2026, 10, 23, 10) + i, requestBody: Buffer.from(`{"transaction_id":"tx-${i}","amount":${i}}`) }));
  capture = join(dir, 'in.db');
  const writer = new CaptureWriter(createCapture(capture, { createdBy: 'parity test', source: 'test', redaction: REDACTION_ENGINE }));
  writer.append(exchanges);
  writer.close();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Everything but CI, so the terminal run is not taken for a CI one when the tests themselves run in CI. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && name !== 'CI') env[name] = value;
  return { ...env, TERM: 'xterm-256color' };
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs `parity ...args` and returns what it printed (stdout and stderr together), with its exit code. */
function run(args: readonly string[], { tty, env = {} }: { tty: boolean; env?: Record<string, string> }): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, '--import', 'tsx', BIN, ...args];
  const child = tty
    ? spawn('script', ['-qfec', command.map(quote).join(' '), '/dev/null'], { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0] as string, command.slice(1), { cwd: ROOT, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const REDRAW = '\x1b[1G'; // cli-progress moves to column 1 before each drawing
const BAR = /[█░]/;

describe('progress on a real terminal', () => {
  test.skipIf(!hasScript)('export: a bar with count, rate and ETA under a pseudo-terminal; none with CI=1, on a terminal or not (needs util-linux `script`)', async () => {
    const [terminal, ciTerminal, ciPipe] = await Promise.all([
      run(['export', capture, '--out', join(dir, 'tty.jsonl')], { tty: true }),
      run(['export', capture, '--out', join(dir, 'ci-tty.jsonl')], { tty: true, env: { CI: '1' } }),
      run(['export', capture, '--out', join(dir, 'ci.jsonl')], { tty: false, env: { CI: '1' } }),
    ]);
    for (const { code, output } of [terminal, ciTerminal, ciPipe]) {
      expect(code).toBe(0);
      expect(output).toContain(`exported 10,000 exchanges from ${capture} as jsonl`);
    }
    expect(terminal.output).toContain('█');
    expect(terminal.output).toMatch(/export █+ 100% · 10,000\/10,000 exchanges · [\d,]+\/s · ETA 0s/);
    expect(terminal.output.split(REDRAW).filter((draw) => draw.startsWith('export ')).length).toBeGreaterThanOrEqual(2);
    // The bar is cleared before the summary.
    expect(terminal.output).toMatch(/\x1b\[2Kexported 10,000/);
    for (const { output } of [ciTerminal, ciPipe]) {
      expect(output).not.toMatch(BAR);
      expect(output).not.toContain(REDRAW);
      expect(output).not.toContain('ETA');
    }
  }, 20_000);

});
