import { compileServers } from './compile.js';

/**
 * Compiles the validator and recorder servers with bench/lib/compile.ts for plain node. The store
 * worker is loaded by URL at run time, so no import pulls it into the program: it is compiled as a
 * root of its own.
 */
export function compileRecordServers(): { dir: string; remove(): void } {
  return compileServers(['validator-server.ts', 'bare-server.ts', 'recorder-server.ts', '../../src/record/store-worker.ts']);
}
