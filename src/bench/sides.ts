import { Client } from 'undici';
import { postReset } from '../util/post-reset.js';
import { ParityError } from '../core/errors.js';
import type { BenchSettings, SideName } from './model.js';
import { requireProcess } from './process-usage.js';
import { startSideProcess, type SideProcess } from './side-process.js';

/**
 * A side of a bench: a service already running (its PID, when given, lets the bench read its CPU
 * and memory), or a command Parity starts, watches and stops itself.
 */
export type BenchSide = { readonly url: URL; readonly pid?: number } | { readonly command: string };

/** A side ready to take load. */
export interface LiveSide {
  readonly url: URL;
  /** The process tree the bench reads CPU and memory of; null when unknown. */
  readonly pid: number | null;
  reset(path: string): Promise<void>;
}

const RESET_TIMEOUT_MS = 10_000;

/** Starts the sides given as commands (both, before any load, so neither pays the other's start-up). */
export async function startSides(given: Readonly<Record<SideName, BenchSide>>): Promise<{
  readonly live: Readonly<Record<SideName, LiveSide>>;
  describe(): BenchSettings['sides'];
  stop(): Promise<void>;
}> {
  const started: SideProcess[] = [];
  const live = {} as Record<SideName, LiveSide>;
  const described = {} as Record<SideName, BenchSettings['sides'][SideName]>;
  try {
    for (const name of ['legacy', 'candidate'] as const) {
      const side = given[name];
      if ('command' in side) {
        const process = await startSideProcess({ name, command: side.command });
        started.push(process);
        live[name] = liveSide(name, process.url, process.pid);
        described[name] = { url: process.url.href, pid: process.pid, command: side.command };
      } else {
        // A wrong PID fails now, not after the warm-up.
        if (side.pid !== undefined) requireProcess(side.pid);
        live[name] = liveSide(name, side.url, side.pid ?? null);
        described[name] = { url: side.url.href, pid: side.pid ?? null, command: null };
      }
    }
  } catch (error) {
    await Promise.all(started.map((p) => p.stop()));
    throw error;
  }
  return { live, describe: () => described, stop: async () => void (await Promise.all(started.map((p) => p.stop()))) };
}

function liveSide(name: SideName, url: URL, pid: number | null): LiveSide {
  return {
    url,
    pid,
    async reset(path) {
      const target = new URL(url.pathname.replace(/\/$/, '') + path, url);
      const client = new Client(url.origin);
      const status = await postReset(client, target.pathname, { timeoutMs: RESET_TIMEOUT_MS })
        .catch((error: Error) => error.message)
        .finally(() => client.destroy());
      if (typeof status === 'number' && status < 300) return;
      throw new ParityError('RESET_FAILED', `reset failed: POST ${target.href} (${name}) → ${status}`, { hint: 'is the service up, and does it have that reset path? (--reset-path)' });
    },
  };
}
