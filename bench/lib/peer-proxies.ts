import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from './servers.js';
import { sleep } from './measure.js';

/**
 * The reverse proxies the peers benchmark puts in front of one upstream, each in its own process
 * group (nginx's master and worker, mitmdump, `parity record` from dist/ with its store worker),
 * so that stopping or killing one takes its whole tree with it.
 */
export interface PeerProxy {
  readonly key: string;
  /** What was run, for the table. */
  readonly label: string;
  /** Root of its process tree. */
  readonly pid: number;
  readonly url: string;
  /** Stops it gracefully (a recorder flushes its capture) and returns what it printed on stdout. */
  stop(timeoutMs?: number): Promise<string>;
}

const groups = new Set<ChildProcess>();
let cleanupInstalled = false;

/** SIGKILLs every proxy's whole process group still running. Synchronous, for 'exit' handlers. */
export function killAllPeers(): void {
  for (const child of groups) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  groups.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllPeers);
}

/** A port nothing listens on right now, for the proxies that cannot be told to pick one (nginx, mitmdump). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` until it answers 200 (the upstream behind the proxy answers every path). */
async function waitUntilAnswering(url: string, name: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before answering`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${name} did not answer 200 at ${url} within ${timeoutMs} ms (${last})`);
}

interface Launch {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** How the stopping signal reaches it: nginx's master stops its workers itself. */
  readonly stopSignal: NodeJS.Signals;
  /** Its listening URL: known in advance, or read from its stderr. */
  readonly url: string | ((stderr: string) => string | undefined);
}

async function launch(spec: Launch, startTimeoutMs = 30_000): Promise<PeerProxy> {
  installCleanup();
  // detached: its own process group, so nginx's worker (or anything else it forks) dies with it.
  const child = spawn(spec.command, spec.args, { cwd: PROJECT_ROOT, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => groups.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const spawned = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => (child.pid === undefined ? reject(new Error(`${spec.key} has no pid`)) : resolve(child.pid)));
  });

  const deadline = Date.now() + startTimeoutMs;
  let url = typeof spec.url === 'string' ? spec.url : undefined;
  try {
    while (url === undefined) {
      if (child.exitCode !== null) throw new Error(`${spec.key} exited with code ${child.exitCode}: ${stderr.trim().slice(0, 500)}`);
      if (Date.now() > deadline) throw new Error(`${spec.key} printed no listening URL within ${startTimeoutMs} ms: ${stderr.trim().slice(0, 500)}`);
      url = (spec.url as (stderr: string) => string | undefined)(stderr);
      if (url === undefined) await sleep(50);
    }
    await waitUntilAnswering(url, spec.key, child, Math.max(1_000, deadline - Date.now()));
  } catch (error) {
    process.kill(-spawned, 'SIGKILL');
    throw new Error(`${(error as Error).message}${stderr ? `\n${spec.key} stderr: ${stderr.trim().slice(0, 800)}` : ''}`);
  }
  const found = url;
  let stopped: Promise<string> | undefined;
  return {
    key: spec.key,
    label: spec.label,
    pid: spawned,
    url: found,
    stop(timeoutMs = 60_000) {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill(spec.stopSignal);
          const timer = setTimeout(() => {
            process.stderr.write(`${spec.key} did not stop within ${timeoutMs} ms: killed\n`);
            process.kill(-spawned, 'SIGKILL');
          }, timeoutMs);
          await exited;
          clearTimeout(timer);
        }
        // Anything it left behind in its group (nginx workers exit with the master; this is a safety net).
        try {
          process.kill(-spawned, 'SIGKILL');
        } catch {
          // the group is empty
        }
        if (child.exitCode !== 0 && spec.stopSignal !== 'SIGKILL') {
          throw new Error(`${spec.key} exited with code ${child.exitCode} (signal ${child.signalCode}): ${stderr.trim().slice(-800)}`);
        }
        return stdout;
      })();
      return stopped;
    },
  };
}

/** Where a tool is installed, or undefined. */
export function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/** The first line a tool prints for its version (nginx prints it on stderr). */
export function versionOf(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] ?? 'unknown';
}

/**
 * nginx with one worker process, a plain `proxy_pass` to an upstream block holding idle keep-alive
 * connections (HTTP/1.1, `Connection` cleared), no access log. Its files live in `dir`.
 */
export async function startNginx(upstream: string, dir: string): Promise<PeerProxy> {
  const port = await freePort();
  const target = new URL(upstream);
  mkdirSync(dir, { recursive: true });
  // The worker runs as an unprivileged user when the master is root: it must be able to reach its temp paths.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  upstream upstream_service {
    server ${target.hostname}:${target.port};
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://upstream_service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return launch({
    key: 'nginx',
    label: 'nginx, proxy_pass + upstream keepalive (1 worker)',
    command: 'nginx',
    args: ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'],
    stopSignal: 'SIGQUIT',
    url: `http://127.0.0.1:${port}`,
  });
}

/**
 * mitmproxy's `mitmdump` in reverse mode, writing every flow to a file (`-w`, its way of recording)
 * and printing nothing per flow (`-q`). Its configuration directory (it generates a CA there) is
 * `dir`, not the home directory.
 */
export async function startMitmdump(upstream: string, dir: string): Promise<PeerProxy> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  return launch({
    key: 'mitmdump',
    label: 'mitmdump --mode reverse, -w flows (recording)',
    command: 'mitmdump',
    args: ['--mode', `reverse:${upstream}`, '--listen-host', '127.0.0.1', '--listen-port', String(port), '--set', `confdir=${dir}`, '-q', '-w', join(dir, 'flows.mitm')],
    stopSignal: 'SIGTERM',
    url: `http://127.0.0.1:${port}`,
  });
}

/**
 * `parity record` as shipped (dist/bin.js on plain node), listening on a port the OS picks; it
 * prints `recording http://127.0.0.1:N → …` on stderr once listening, and its summary as JSON on
 * stdout when stopped (`--json`).
 */
export function startParityRecord(options: { upstream: string; out: string; redactKey: string; exclude?: readonly string[]; key: string; label: string }): Promise<PeerProxy> {
  const excludes = (options.exclude ?? []).flatMap((glob) => ['--exclude', glob]);
  return launch({
    key: options.key,
    label: options.label,
    command: process.execPath,
    args: [join(PROJECT_ROOT, 'dist', 'bin.js'), 'record', '--target', options.upstream, '--listen', '127.0.0.1:0', '--out', options.out, '--json', ...excludes],
    env: { ...process.env, PARITY_REDACT_KEY: options.redactKey },
    stopSignal: 'SIGTERM',
    url: (stderr) => /recording (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1],
  });
}
