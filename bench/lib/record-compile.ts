import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { compileServers } from './compile.js';
import { PROJECT_ROOT } from './servers.js';

/**
 * Compiles the validator and recorder servers with bench/lib/compile.ts for plain node. Two things
 * the recorder needs beyond what compileServers does for the validator: the store worker (loaded
 * by URL at run time, so no import pulls it into the program) is compiled as a root of its own,
 * and the temporary directory gets a node_modules link so undici and better-sqlite3 resolve.
 */
export function compileRecordServers(): { dir: string; remove(): void } {
  const compiled = compileServers(['validator-server.ts', 'recorder-server.ts', '../../src/record/store-worker.ts']);
  try {
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(compiled.dir, 'node_modules'), 'dir');
  } catch (error) {
    compiled.remove();
    throw error;
  }
  return compiled;
}
