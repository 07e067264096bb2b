import { fileURLToPath } from 'node:url';
import { describe, expect, onTestFinished, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { listPids, readProcStat } from '../../src/bench/proc-files.js';
import { startSideProcess, type SideProcess } from '../../src/bench/side-process.js';

const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

async function started(command: string, env?: Record<string, string>): Promise<SideProcess> {
  const side = await startSideProcess({ name: 'legacy', command, ...(env ? { env } : {}) });
  onTestFinished(() => side.stop());
  return side;
}

async function failure(promise: Promise<unknown>): Promise<ParityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  expect((error as ParityError).code).toBe('SIDE_COMMAND_FAILED');
  return error as ParityError;
}

/** Alive: present and not a zombie (orphans may wait for an init that never reaps them). */
function alive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.state !== 'Z';
}

function groupMembers(pgid: number): number[] {
  return listPids()
    .filter((pid) => {
      const stat = readProcStat(pid);
      return stat?.pgrp === pgid && stat.state !== 'Z';
    })
    .map(Number);
}

const NODE_SERVER = `node -e "require('http').createServer((q, s) => s.end(process.env.GREETING + ' ' + process.env.PORT)).listen(+process.env.PORT, '127.0.0.1', () => console.log('up'))"`;

describe('startSideProcess', () => {
  test('starts a command on a free port given as $PORT and resolves once it accepts connections', async () => {
    const side = await started(NODE_SERVER, { GREETING: 'hello' });
    expect(side.url.hostname).toBe('127.0.0.1');
    const answer = await (await fetch(side.url)).text();
    expect(answer).toBe(`hello ${side.url.port}`);
    expect(side.output()).toContain('up');
    expect(alive(side.pid)).toBe(true);
  });

  test('replaces {port} in the command: the bundled validator runs as a side', async () => {
    const side = await started(`node --import ${TSX} ${BIN} validator --port {port}`);
    const health = await fetch(new URL('/healthz', side.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(side.output()).toContain(`listening on http://127.0.0.1:${side.url.port}`);
  }, 60_000);

  test('stop kills the whole tree: no process of the side is left', async () => {
    // The shell stays the parent (two commands), the server ignores SIGTERM: only SIGKILL ends it.
    const stubborn = `node -e "process.on('SIGTERM', () => {}); require('http').createServer((q, s) => s.end()).listen(+process.env.PORT, '127.0.0.1')"; true`;
    const side = await started(stubborn);
    const tree = groupMembers(side.pid);
    expect(tree.length).toBeGreaterThanOrEqual(2);
    await side.stop();
    expect(tree.filter(alive)).toEqual([]);
    await expect(fetch(side.url)).rejects.toThrow();
    await side.stop();
  }, 20_000);

  test('a command that exits early fails with its exit code and the end of its output', async () => {
    const error = await failure(startSideProcess({ name: 'candidate', command: 'echo starting; echo "cannot open config.yml" >&2; exit 3' }));
    expect(error.message).toContain('candidate');
    expect(error.message).toContain('exit code 3');
    expect(error.message).toContain('cannot open config.yml');
    expect(error.hint).toContain('$PORT');
  });

  test('a command that never listens fails after the ready timeout, and is stopped', async () => {
    const error = await failure(startSideProcess({ name: 'legacy', command: 'echo "waiting as $$"; exec sleep 30', readyTimeoutMs: 500 }));
    expect(error.message).toMatch(/not accepting connections on 127\.0\.0\.1:\d+ after 500 ms/);
    const pid = Number(/waiting as (\d+)/.exec(error.message)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });
});
