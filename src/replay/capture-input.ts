import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCaptureBeingWritten, openCaptureReader, snapshotCapture, type CaptureReader } from '../store/index.js';

/** The exchanges a replay reads, and what the report says of them. */
export interface CaptureInput {
  readonly reader: CaptureReader;
  /** A recorder was still writing the capture: the reader reads a snapshot taken as the replay began. */
  readonly beingWritten: boolean;
  /** SHA-256 of exactly the bytes read: the capture file, or the snapshot of one being written. */
  sha256(): Promise<string>;
  close(): void;
}

/**
 * Opens the capture a replay reads. A finished capture is read in place and hashed as it is on
 * disk, so `sha256sum capture.db` gives the report's hash. A capture still being written keeps its
 * newest rows in its WAL, and both files change under a reader; hashing them would name bytes the
 * replay did not read. It is copied instead, consistently, as committed at this instant, and the
 * replay reads and hashes that copy: the hash covers exactly what was replayed, and the count the
 * progress shows is the count replayed. The copy lives in a private temporary folder, removed on close.
 */
export function openCaptureInput(path: string): CaptureInput {
  if (!isCaptureBeingWritten(path)) {
    const reader = openCaptureReader(path);
    // Hashed meanwhile: reading the file twice costs less than waiting for it before the run.
    const hashing = sha256(path);
    hashing.catch(() => {});
    return { reader, beingWritten: false, sha256: () => hashing, close: () => reader.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'parity-replay-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const snapshot = join(dir, 'snapshot.db');
    snapshotCapture(path, snapshot);
    const reader = openCaptureReader(snapshot);
    const hashing = sha256(snapshot);
    hashing.catch(() => {});
    return {
      reader,
      beingWritten: true,
      sha256: () => hashing,
      close: () => {
        try {
          reader.close();
        } finally {
          remove();
        }
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
