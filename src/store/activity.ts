import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { openCapture } from './capture-file.js';

/**
 * Whether a writer still has the capture open (a `parity record` running into it), or had it open
 * and died before closing it: its newest rows are then in the `-wal` file beside it. A writer that
 * closes checkpoints the WAL and leaves WAL mode (CaptureWriter.close), so a finished capture has
 * no WAL, or an empty one left by a read-only connection that could not remove it.
 */
export function isCaptureBeingWritten(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Copies a capture, as committed at one instant, into `dest`, a new file (mode 0600, captures
 * hold customer traffic) in rollback mode, self-contained. `VACUUM INTO` reads in one transaction,
 * so a writer appending meanwhile neither blocks it nor makes the copy inconsistent, and it works
 * over a read-only connection, so the capture itself is not touched.
 */
export function snapshotCapture(path: string, dest: string): void {
  const { db } = openCapture(path, { readonly: true });
  try {
    // VACUUM INTO needs its target new or empty; created here so it is 0600 from the start.
    closeSync(openSync(dest, 'wx', 0o600));
    db.prepare('VACUUM INTO ?').run(dest);
  } catch (error) {
    rmSync(dest, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
