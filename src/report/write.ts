import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportV1 } from './model.js';
import type { RenderContext } from './render/renderer.js';
import { RENDERERS } from './render/renderers.js';

/** The files writeReportFiles writes, report.json first. */
export function reportFileNames(): string[] {
  return ['report.json', ...RENDERERS.flatMap((r) => (r.fileName ? [r.fileName] : []))];
}

/**
 * Writes report.json and every rendering that has a file name (report.md, report.html,
 * junit.xml) into `dir`. Reports quote captured bodies, so they are readable by their owner only.
 * Returns the paths written, report.json first.
 */
export async function writeReportFiles(dir: string, report: ReportV1, context: Omit<RenderContext, 'reportPath'> = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const reportPath = join(dir, 'report.json');
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  const written = [reportPath];
  for (const renderer of RENDERERS) {
    if (!renderer.fileName) continue;
    const path = join(dir, renderer.fileName);
    await writeFile(path, renderer.render(report, { ...context, reportPath }), { mode: 0o600 });
    written.push(path);
  }
  return written;
}
