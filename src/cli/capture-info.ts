import { statSync } from 'node:fs';
import { CAPTURE_FILE_SUFFIXES, openCaptureReader, type CaptureMeta, type CaptureSummary } from '../store/index.js';
import { topLevelString } from '../util/json.js';

export interface CaptureInfo extends Omit<CaptureSummary, 'classes'> {
  readonly file: string;
  /** The database plus its WAL and shared-memory files, as they are on disk now. */
  readonly sizeBytes: number;
  readonly meta: CaptureMeta;
  readonly decisions: CaptureSummary['classes'];
}

/** What `parity captures info` shows; the decision mix reads `decision` from JSON response bodies. */
export function captureInfo(file: string): CaptureInfo {
  const reader = openCaptureReader(file);
  try {
    const { classes, ...summary } = reader.summary((body) => topLevelString(body, 'decision'));
    return { file, sizeBytes: diskSize(file), meta: reader.meta, ...summary, decisions: classes };
  } finally {
    reader.close();
  }
}

function diskSize(file: string): number {
  return CAPTURE_FILE_SUFFIXES.reduce((sum, suffix) => {
    try {
      return sum + statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}
