import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where a command puts a new capture when `--out` is not given: `captures/<stem>.db`. */
export function newCapturePath(stem: string): string {
  mkdirSync('captures', { recursive: true });
  return join('captures', `${stem}.db`);
}
