import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recording } from '../../src/record/recorder.js';
import { generateTraffic } from '../../src/traffic/generate.js';
import { sendTraffic } from '../../src/traffic/send.js';
import { createValidator, listenValidator } from '../../src/validator/index.js';
import { recordOptions } from './recording.js';

/**
 * Records `count` generated payments through the proxy in front of a fresh reference validator.
 * Usable from beforeAll: it cleans up its servers itself; call `remove()` when done with the file.
 */
export async function generatedCapture(count: number, seed = 11): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'parity-capture-'));
  const path = join(dir, 'generated.db');
  const legacy = await listenValidator(createValidator(), '127.0.0.1', 0);
  try {
    const recording = await Recording.start(recordOptions(legacy.url, path));
    try {
      await sendTraffic(generateTraffic({ count, seed }), { target: new URL(recording.url), concurrency: 8 });
    } finally {
      await recording.stop('signal');
    }
  } finally {
    await legacy.close();
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
