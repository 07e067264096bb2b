import { spawn, type ChildProcess } from 'node:child_process';
import { onTestFinished } from 'vitest';

/**
 * CPU-bound neighbours: `count` processes spinning `while (true) {}` until the test ends (killed
 * then, whatever its outcome). What a recorder meets on a busy host, or a container beside others.
 */
export function startBusyNeighbours(count: number): ChildProcess[] {
  const neighbours = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'while (true) {}'], { stdio: 'ignore' }));
  onTestFinished(() => {
    for (const neighbour of neighbours) if (neighbour.exitCode === null && neighbour.signalCode === null) neighbour.kill('SIGKILL');
  });
  return neighbours;
}
