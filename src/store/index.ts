import { openCapture } from './capture-file.js';
import { CaptureReader } from './reader.js';

export { CAPTURE_FILE_SUFFIXES, createCapture, openCapture, removeCapture, type CaptureMeta } from './capture-file.js';
export { CaptureReader } from './reader.js';
export { isCaptureBeingWritten, snapshotCapture } from './activity.js';
export { CaptureWriter } from './writer.js';
export type { ExchangeFilter } from './filter.js';
export type { CaptureSummary } from './summary.js';

/** Opens a capture for reading; throws a ParityError for a missing, foreign or too-new file. */
export function openCaptureReader(path: string): CaptureReader {
  const { db, meta } = openCapture(path, { readonly: true });
  return new CaptureReader(db, meta);
}
