import { readFileSync } from 'node:fs';
import { BENCH_REPORT_VERSION, type BenchReportV1 } from '../bench/model.js';
import { ParityError } from '../core/errors.js';
import { REPORT_VERSION, type ReportV1 } from './model.js';

/**
 * Reads a report.json written by `parity replay`. Refuses, with the file named, what is not one:
 * a missing file, text that is not JSON, another tool's JSON, a bench report, or a newer report version.
 */
export function readReport(path: string): ReportV1 {
  const report = readAnyReport(path);
  if ('reportKind' in report && report.reportKind === 'bench') {
    throw new ParityError('REPORT_INVALID', `${path} is a bench report (parity bench), not a replay report`, { hint: 'pass the report.json of a parity replay' });
  }
  return report as ReportV1;
}

/**
 * Reads a report.json of `parity replay` or a bench.json of `parity bench` (told apart by
 * `reportKind: "bench"`), with the same refusals as readReport, each kind checked against its own version.
 */
export function readAnyReport(path: string): ReportV1 | BenchReportV1 {
  const data = readJson(path);
  const record = data as Record<string, unknown>;
  const version = record.reportVersion;
  if (typeof version !== 'number') throw new ParityError('REPORT_INVALID', `${path} is not a Parity report (no reportVersion)`);
  if (record.reportKind === 'bench') {
    if (version > BENCH_REPORT_VERSION) throw new ParityError('REPORT_INVALID', `${path} is bench report version ${version}; this Parity reads version ${BENCH_REPORT_VERSION}`, { hint: 'upgrade Parity to read it' });
    const performance = record.performance as Record<string, unknown> | null | undefined;
    const missing = BENCH_REQUIRED.filter((key) => typeof performance?.[key] !== 'object' || performance[key] === null);
    if (missing.length > 0) throw new ParityError('REPORT_INVALID', `${path} is not a complete bench report: ${missing.map((k) => `"performance.${k}"`).join(', ')} missing`);
    return data as BenchReportV1;
  }
  if (version > REPORT_VERSION) throw new ParityError('REPORT_INVALID', `${path} is report version ${version}; this Parity reads version ${REPORT_VERSION}`, { hint: 'upgrade Parity to read it' });
  const missing = REQUIRED.filter((key) => typeof record[key] !== 'object' || record[key] === null);
  if (missing.length > 0) throw new ParityError('REPORT_INVALID', `${path} is not a complete report: ${missing.map((k) => `"${k}"`).join(', ')} missing`);
  return data as ReportV1;
}

function readJson(path: string): object {
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
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ParityError('REPORT_INVALID', `${path} is not a Parity report (no reportVersion)`);
  return data;
}

const REQUIRED = ['run', 'totals', 'categories', 'endpoints', 'decisions', 'groups', 'noise', 'noiseGroups', 'latency', 'settings'] as const;
const BENCH_REQUIRED = ['settings', 'scorecard', 'trust', 'histograms', 'timeline', 'windows'] as const;
