import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { localRecordOptions, Recording, type RecordOptions } from '../../src/record/recorder.js';
import { tmpDir } from './tmp.js';

export const TEST_KEY = Buffer.from('recording-test-key-0123456789abcdef');

/** Recorder options for tests: 127.0.0.1:0 in front of `target`, everything recorded, a fixed key. */
export function recordOptions(target: string, out: string, overrides: Partial<RecordOptions> = {}): RecordOptions {
  return { ...localRecordOptions(new URL(target), out, TEST_KEY, 'parity test'), upstreamTimeoutMs: 5_000, batchIntervalMs: 20, ...overrides };
}

/** A recording proxy in front of `target`, stopped when the test ends. */
export async function startRecording(target: string, overrides: Partial<RecordOptions> = {}): Promise<{ recording: Recording; out: string }> {
  const out = overrides.out ?? join(tmpDir(), 'capture.db');
  const recording = await Recording.start(recordOptions(target, out, overrides));
  onTestFinished(() => recording.stop('signal').then(() => undefined));
  return { recording, out };
}
