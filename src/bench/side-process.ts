import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { ParityError } from '../core/errors.js';
import type { SideName } from './model.js';
import { listPids, readProcStat } from './proc-files.js';

/** Long enough for a JVM or a `tsx` start on a busy machine. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;
/** How long a side has to exit on SIGTERM before its whole process group is killed. */
export const STOP_GRACE_MS = 2_000;
const READY_POLL_MS = 50;
const OUTPUT_TAIL_BYTES = 8 * 1024;
const HOST = '127.0.0.1';

export interface SideProcessOptions {
  readonly name: SideName;
  /** Run by `sh -c`; `{port}` is replaced by the port it must listen on (also given as $PORT). */
  readonly command: string;
  readonly readyTimeoutMs?: number;
  /** Added to Parity's own environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface SideProcess {
  readonly name: SideName;
  readonly url: URL;
  /** The shell's PID: watching it measures the whole tree it started. */
  readonly pid: number;
  /** Stops the whole process group: SIGTERM, then SIGKILL after STOP_GRACE_MS. */
  stop(): Promise<void>;
  /** The end of its stdout and stderr, interleaved. */
  output(): string;
}

/** Starts a side's service on a free port and resolves once it accepts connections. */
export async function startSideProcess(options: SideProcessOptions): Promise<SideProcess> {
  const port = await freePort();
  const command = options.command.replaceAll('{port}', String(port));
  const child = spawn('sh', ['-c', command], {
    // Its own process group: stop() reaches every process the command started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, PORT: String(port) },
  });
  const tail = new OutputTail(OUTPUT_TAIL_BYTES);
  child.stdout?.on('data', (chunk: Buffer) => tail.add(chunk));
  child.stderr?.on('data', (chunk: Buffer) => tail.add(chunk));
  const exited = exitOf(child);
  const pid = child.pid;
  if (pid === undefined) {
    const how = await exited;
    throw failure(options, command, `could not be started (${how.error?.message ?? describeExit(how)})`, tail);
  }
  // Should Parity itself die without stopping the side, the side must not outlive it.
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      await stopGroup(pid, exited);
    })());

  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const ready = await untilListening(port, exited, timeoutMs);
  if (ready !== 'listening') {
    await stop();
    const why =
      ready === 'timeout'
        ? `was not accepting connections on ${HOST}:${port} after ${timeoutMs} ms (it must listen on $PORT or {port})`
        : `exited before accepting connections (${describeExit(ready)})`;
    throw failure(options, command, why, tail);
  }
  return { name: options.name, url: new URL(`http://${HOST}:${port}/`), pid, stop, output: () => tail.text() };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
}

function describeExit(exit: Exit): string {
  if (exit.error) return exit.error.message;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

async function untilListening(port: number, exited: Promise<Exit>, timeoutMs: number): Promise<'listening' | 'timeout' | Exit> {
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) return exit;
    if (await accepts(port)) return exit ?? 'listening';
    await Promise.race([sleep(READY_POLL_MS), exited]);
  }
  return exit ?? 'timeout';
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopGroup(pid: number, exited: Promise<Exit>): Promise<void> {
  if (killGroup(pid, 'SIGTERM') && !(await groupGone(pid, STOP_GRACE_MS))) {
    killGroup(pid, 'SIGKILL');
    await groupGone(pid, STOP_GRACE_MS);
  }
  await exited;
}

/** False when no process of the group is left to signal. */
function killGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function groupGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(READY_POLL_MS);
  }
  return true;
}

/**
 * Zombies still answer a signal: orphans of the group wait for an init that may never reap them
 * (in a container), yet they run nothing and hold no memory. On Linux only live members count.
 */
function groupAlive(pgid: number): boolean {
  if (!killGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  return listPids().some((pid) => {
    const stat = readProcStat(pid);
    return stat !== null && stat.pgrp === pgid && stat.state !== 'Z';
  });
}

/** Chosen by the kernel, then released for the side to take: the gap between is a few milliseconds. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function failure(options: SideProcessOptions, command: string, why: string, tail: OutputTail): ParityError {
  const output = tail.text().trimEnd();
  const shown = output ? `; its output ended with:\n${output.split('\n').slice(-20).join('\n')}` : '; it printed nothing';
  return new ParityError('SIDE_COMMAND_FAILED', `the ${options.name} command \`${command}\` ${why}${shown}`, {
    hint: `run the command by hand; it must listen on ${HOST} at $PORT (or {port} in the command) and keep running`,
  });
}

/** The last `limit` bytes written, so a chatty service cannot fill memory. */
class OutputTail {
  #chunks: Buffer[] = [];
  #size = 0;
  constructor(readonly limit: number) {}

  add(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size - (this.#chunks[0]?.length ?? 0) >= this.limit) this.#size -= this.#chunks.shift()?.length ?? 0;
  }

  text(): string {
    const all = Buffer.concat(this.#chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

