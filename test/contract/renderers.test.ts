import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../src/report/model.js';
import type { Renderer } from '../../src/render/renderer.js';
import { REPORT_FORMATS, RENDERERS, rendererFor } from '../../src/render/renderers.js';
import { writeReportFiles } from '../../src/render/write.js';
import { sampleReport } from '../helpers/sample-report.js';
import { tmpDir } from '../helpers/tmp.js';

// Every registered renderer: what a new one must do to be listed in renderers.ts.
let report: ReportV1;
beforeAll(async () => {
  report = await sampleReport();
});

describe.each(REPORT_FORMATS.map((format) => [format, RENDERERS[format]] as const))('renderer %s', (format, renderer) => {
  test('renders a report with groups, and an empty one, to text, the same both times', () => {
    const once = renderer.render(report, {});
    expect(once.length).toBeGreaterThan(100);
    expect(renderer.render(report, {})).toBe(once);
    const empty: ReportV1 = { ...report, groups: [], noiseGroups: [], noise: [], totals: { ...report.totals, compared: 0, matched: 0, mismatched: 0, exchanges: 0 } };
    expect(renderer.render(empty, {}).length).toBeGreaterThan(0);
  });

  test('is registered under its own format, and found by it', () => {
    expect(renderer.format).toBe(format);
    expect(rendererFor(format)).toBe(renderer);
  });
});

test('a renderer that throws does not keep the others from being written', async () => {
  const dir = tmpDir();
  const broken: Renderer = { format: 'md', fileName: 'broken.md', render: () => { throw new Error('boom'); } };
  const files = Object.values(RENDERERS).filter((r) => r.fileName);
  await expect(writeReportFiles(dir, report, {}, [broken, ...files])).rejects.toThrow(/broken\.md: boom/);
  expect(existsSync(join(dir, 'broken.md'))).toBe(false);
  for (const r of files) expect(readFileSync(join(dir, r.fileName ?? ''), 'utf8').length).toBeGreaterThan(0);
});
