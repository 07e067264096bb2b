import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BenchReportV1 } from '../bench/model.js';
import type { ReportV1 } from '../report/model.js';
import { BENCH_FILE_NAMES, renderBench } from './bench.js';
import type { RenderContext, Renderer } from './renderer.js';
import { prepareReportDir, reportDirError } from './report-dir.js';
import { RENDERERS, type ReportFormat } from './renderers.js';

export { benchReport } from '../report/bench-report.js';

/** The files writeReportFiles writes, report.json first. */
export function reportFileNames(): string[] {
  return ['report.json', ...Object.values(RENDERERS).flatMap((r) => (r.fileName ? [r.fileName] : []))];
}

/**
 * Writes report.json and every rendering that has a file name (report.md, report.html,
 * junit.xml) into `dir`. Reports quote captured bodies, so they are readable by their owner only.
 * A renderer that fails (a bug) does not keep the others from being written: they are, then the
 * failure is thrown. Returns the paths written, report.json first. A folder that cannot be created
 * or written is REPORT_OUT_UNWRITABLE naming it (prepareReportDir checks it before a run).
 */
export async function writeReportFiles(dir: string, report: ReportV1, context: Omit<RenderContext, 'reportPath'> = {}, renderers: readonly Renderer[] = Object.values(RENDERERS)): Promise<string[]> {
  await prepareReportDir(dir);
  const write = (path: string, text: string) => writeFile(path, text, { mode: 0o600 }).catch((cause: unknown) => Promise.reject(reportDirError(dir, cause)));
  const reportPath = join(dir, 'report.json');
  await write(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  const written = [reportPath];
  const failed: string[] = [];
  for (const renderer of renderers) {
    if (!renderer.fileName) continue;
    const path = join(dir, renderer.fileName);
    let text: string;
    try {
      text = renderer.render(report, { ...context, reportPath });
    } catch (error) {
      failed.push(`${renderer.fileName}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    await write(path, text);
    written.push(path);
  }
  if (failed.length > 0) throw new Error(`rendering failed (the other files were written: ${written.join(', ')}): ${failed.join('; ')}`);
  return written;
}

/** Writes one report file (a rendering, or a report.json alone), its folder made and checked as writeReportFiles does. */
export async function writeReportFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await prepareReportDir(dir);
  await writeFile(path, text, { mode: 0o600 }).catch((cause: unknown) => Promise.reject(reportDirError(dir, cause)));
}

/**
 * Writes bench.json and its renderings (bench.md, bench.html) into `dir`, readable by their owner
 * only like a replay's files. Returns the paths written, bench.json first.
 */
export async function writeBenchFiles(dir: string, report: BenchReportV1, context: Omit<RenderContext, 'reportPath'> = {}): Promise<string[]> {
  const reportPath = join(dir, 'bench.json');
  await writeReportFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  const written = [reportPath];
  for (const [format, name] of Object.entries(BENCH_FILE_NAMES) as [ReportFormat, string][]) {
    const path = join(dir, name);
    await writeReportFile(path, renderBench(report, format, { ...context, reportPath }));
    written.push(path);
  }
  return written;
}
