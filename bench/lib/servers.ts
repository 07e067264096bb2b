import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A benchmark server running in its own process (so it has its own thread and its own RSS). */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Kills every server still running. Synchronous so it also works from an 'exit' handler. */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllServers);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllServers();
      process.stderr.write(`\nbench: ${signal}: servers stopped\n`);
      process.exit(130);
    });
  }
}

export interface StartServerOptions {
  /** Where compileServers put the compiled servers; without it they run under the tsx loader. */
  readonly compiledDir?: string | undefined;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

/**
 * Starts `bench/servers/<file>` as `node --import tsx <file>` (or, given `compiledDir` from
 * `compileServers`, its compiled .js on plain node) and waits for the `{"port":N}` line it prints
 * once listening.
 */
export async function startServer(name: string, file: string, { compiledDir, env, startTimeoutMs = 20_000 }: StartServerOptions = {}): Promise<ServerProcess> {
  installCleanup();
  const args = compiledDir
    ? [join(compiledDir, 'bench', 'servers', file.replace(/\.ts$/, '.js'))]
    : ['--import', 'tsx', fileURLToPath(new URL(`../servers/${file}`, import.meta.url))];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not report its port within ${startTimeoutMs} ms`)), startTimeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${name} exited before listening (code ${code}, signal ${signal})`)));
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', function onData(chunk: string) {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      child.stdout?.off('data', onData);
      try {
        const { port } = JSON.parse(buffered.slice(0, newline)) as { port: unknown };
        if (typeof port !== 'number') throw new Error('no port');
        settled = true;
        clearTimeout(timer);
        resolve(port);
      } catch {
        fail(new Error(`${name} printed ${JSON.stringify(buffered.slice(0, newline))}, expected {"port":N}`));
      }
    });
  });
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout?.resume();

  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} has no pid`);
  return {
    name,
    pid,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
    },
  };
}
