import { readFileSync } from 'node:fs';
import { ParityError } from '../core/errors.js';
import { REPORT_VERSION, type ReportV1 } from './model.js';

/**
 * Reads a report.json written by `parity replay`. Refuses, with the file named, what is not one:
 * a missing file, text that is not JSON, another tool's JSON, or a newer report version.
 */
export function readReport(path: string): ReportV1 {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ParityError('REPORT_NOT_FOUND', `report not found: ${path}`, { cause });
    if (code === 'EISDIR') throw new ParityError('REPORT_NOT_FOUND', `${path} is a directory; pass its report.json`, { cause });
    throw new ParityError('REPORT_INVALID', `cannot read report ${path}: ${code ?? String(cause)}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new ParityError('REPORT_INVALID', `${path} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const version = (data as { reportVersion?: unknown } | null)?.reportVersion;
  if (typeof version !== 'number') throw new ParityError('REPORT_INVALID', `${path} is not a Parity report (no reportVersion)`);
  if (version > REPORT_VERSION) throw new ParityError('REPORT_INVALID', `${path} is report version ${version}; this Parity reads version ${REPORT_VERSION}`, { hint: 'upgrade Parity to read it' });
  const missing = REQUIRED.filter((key) => typeof (data as Record<string, unknown>)[key] !== 'object' || (data as Record<string, unknown>)[key] === null);
  if (missing.length > 0) throw new ParityError('REPORT_INVALID', `${path} is not a complete report: ${missing.map((k) => `"${k}"`).join(', ')} missing`);
  return data as ReportV1;
}

const REQUIRED = ['run', 'totals', 'categories', 'endpoints', 'decisions', 'groups', 'noise', 'noiseGroups', 'latency', 'settings'] as const;
