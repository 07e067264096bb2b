import { spawn } from 'node:child_process';
import { traceRss, type RssTrace } from './record-measure.js';
import { PROJECT_ROOT } from './servers.js';

export interface TracedRun {
  readonly seconds: number;
  readonly rss: RssTrace;
  /** `{"mark":name,"rss":bytes}` lines the child printed: its own RSS at points it chose. */
  readonly marks: ReadonlyMap<string, number>;
  /** Every other stdout line, parsed as JSON. */
  readonly results: readonly Record<string, unknown>[];
}

/**
 * Runs `node ...args` to completion with its RSS sampled every `intervalMs`, so a measurement's
 * memory is its own process's. Rejects when the child fails.
 */
export function runTraced(label: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, intervalMs = 100): Promise<TracedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: PROJECT_ROOT, env });
    const rss = traceRss(child.pid ?? 0, intervalMs);
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const trace = rss.stop();
      if (code !== 0) return reject(new Error(`${label} exited with ${code}`));
      const marks = new Map<string, number>();
      const results: Record<string, unknown>[] = [];
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed['mark'] !== undefined) marks.set(String(parsed['mark']), Number(parsed['rss']));
        else results.push(parsed);
      }
      resolve({ seconds, rss: trace, marks, results });
    });
  });
}
