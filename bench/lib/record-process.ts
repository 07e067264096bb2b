import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RecordSummary } from '../../src/record/recorder.js';
import { PROJECT_ROOT } from './servers.js';

/**
 * A recorder (bench/servers/recorder-server.ts) in its own process. Unlike bench/lib/servers.ts's
 * `startServer`, this passes parameters (through the child's environment) and reads the
 * recording's final summary back from its stdout when it is stopped.
 */
export interface RecorderProcess {
  readonly pid: number;
  readonly url: string;
  readonly out: string;
  /** SIGTERM, then waits (up to `timeoutMs`) for the recording to flush, checkpoint and report. */
  stop(timeoutMs?: number): Promise<RecordSummary>;
}

export interface RecorderSettings {
  /** The service the recorder forwards to. */
  readonly target: string;
  /** The capture file to create. */
  readonly out: string;
  /** Exclude globs: `['*']` forwards everything and records nothing (recording "off"). */
  readonly exclude?: readonly string[];
  readonly redactKey: string;
  /** From `compileServers`: run the compiled .js on plain node instead of under tsx. */
  readonly compiledDir?: string;
  /** Extra node options for the recorder process, e.g. `['--cpu-prof', '--cpu-prof-dir=prof']`. */
  readonly nodeArgs?: readonly string[];
  readonly name?: string;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Kills every recorder still running (synchronous, so it also works from an 'exit' handler). */
export function killAllRecorders(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function startRecorder(settings: RecorderSettings, startTimeoutMs = 20_000): Promise<RecorderProcess> {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', killAllRecorders);
  }
  const name = settings.name ?? 'recorder';
  const args = [
    ...(settings.nodeArgs ?? []),
    ...(settings.compiledDir
      ? [join(settings.compiledDir, 'bench', 'servers', 'recorder-server.js')]
      : ['--import', 'tsx', join(PROJECT_ROOT, 'bench', 'servers', 'recorder-server.ts')]),
  ];
  const env = {
    ...process.env,
    RECORD_BENCH_TARGET: settings.target,
    RECORD_BENCH_OUT: settings.out,
    RECORD_BENCH_EXCLUDE: (settings.exclude ?? []).join(','),
    PARITY_REDACT_KEY: settings.redactKey,
  };
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], cwd: PROJECT_ROOT, env });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('exit', () => running.delete(child));

  // stdout carries one JSON document per line: {"port":N,...} once listening, {"summary":...} when stopped.
  const lines: string[] = [];
  const waiters: ((line: string | undefined) => void)[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  child.once('exit', () => {
    for (const waiter of waiters.splice(0)) waiter(undefined);
  });
  const nextLine = (timeoutMs: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      const queued = lines.shift();
      if (queued !== undefined) return resolve(queued);
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before ${what}`));
      const timer = setTimeout(() => reject(new Error(`${name}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((line) => {
        clearTimeout(timer);
        if (line === undefined) reject(new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before ${what}`));
        else resolve(line);
      });
    });

  /** The next stdout line that is a JSON object with `key`; other lines (e.g. from --trace-gc) are passed on to stderr. */
  const nextDocument = async (key: string, timeoutMs: number): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await nextLine(Math.max(1, deadline - Date.now()), `a {"${key}":…} line`);
      if (line.startsWith('{')) {
        try {
          const document = JSON.parse(line) as Record<string, unknown>;
          if (key in document) return document;
        } catch {
          // not one of ours
        }
      }
      process.stderr.write(`${name}: ${line}\n`);
    }
  };

  let port: number;
  try {
    const first = await nextDocument('port', startTimeoutMs);
    if (typeof first['port'] !== 'number') throw new Error(`${name} printed no port`);
    port = first['port'];
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} has no pid`);

  let stopped: Promise<RecordSummary> | undefined;
  return {
    pid,
    url: `http://127.0.0.1:${port}`,
    out: settings.out,
    stop(timeoutMs = 60_000) {
      stopped ??= (async () => {
        child.kill('SIGTERM');
        try {
          const { summary } = (await nextDocument('summary', timeoutMs)) as { summary?: RecordSummary };
          if (!summary) throw new Error(`${name} printed an empty summary`);
          const code = await exited;
          if (code !== 0) throw new Error(`${name} exited with code ${code}`);
          return summary;
        } catch (error) {
          child.kill('SIGKILL');
          throw error;
        }
      })();
      return stopped;
    },
  };
}
