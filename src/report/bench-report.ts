import { BENCH_REPORT_VERSION, type BenchReportV1, type PerformanceSection } from '../bench/model.js';
import { VERSION } from '../version.js';
import type { ReportV1 } from './model.js';

/** What `parity bench` writes as bench.json. */
export function benchReport(performance: PerformanceSection, startedAt: Date): BenchReportV1 {
  return { reportKind: 'bench', reportVersion: BENCH_REPORT_VERSION, tool: { name: 'parity', version: VERSION }, startedAt: startedAt.toISOString(), performance };
}

export function isBenchReport(report: ReportV1 | BenchReportV1): report is BenchReportV1 {
  return 'reportKind' in report && report.reportKind === 'bench';
}
