import { join } from 'node:path';
import { generateTraffic, localRecordOptions, Recording, startValidator } from '../../src/index.js';

/** The header each request carries naming the recorder it went through, to check merged origins against. */
export const RECORDER_HEADER = 'x-recorder';

/**
 * `names.length` recorders (real recording proxies, each writing its own capture) in front of one
 * reference validator, as in front of a service's instances; `count` generated payments are sent
 * one at a time, round-robin, so the captures' times interleave. Resolves once every capture is
 * closed, its servers stopped (usable from beforeAll).
 */
export async function recordThrough(dir: string, names: readonly string[], key: Uint8Array, count: number): Promise<string[]> {
  const validator = await startValidator();
  try {
    return await recordEach(validator.url, dir, names, key, count);
  } finally {
    await validator.close();
  }
}

async function recordEach(target: string, dir: string, names: readonly string[], key: Uint8Array, count: number): Promise<string[]> {
  const files = names.map((name) => join(dir, `${name}.db`));
  const recordings: Recording[] = [];
  for (const file of files) recordings.push(await Recording.start({ ...localRecordOptions(new URL(target), file, key, 'parity test'), batchIntervalMs: 20 }));
  try {
    let i = 0;
    for (const request of generateTraffic({ count, seed: 5 })) {
      const target = i % recordings.length;
      const response = await fetch(`${recordings[target]?.url}${request.path}`, { method: request.method, headers: [...request.headers.map(([name, value]) => [name, value]), [RECORDER_HEADER, names[target] ?? '']], body: request.body });
      await response.arrayBuffer();
      i++;
    }
  } finally {
    for (const recording of recordings) await recording.stop('signal');
  }
  return files;
}
