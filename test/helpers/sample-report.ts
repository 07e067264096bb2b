import { inject } from 'vitest';
import type { ReportV1 } from '../../src/report/model.js';
import { replay } from '../../src/replay/runner.js';
import { generatedCapture } from './generated-capture.js';
import { validatorReplay } from './replay-options.js';
import { listenForSuite } from './validator-server.js';

/** A script a hostile request could carry into a report: renderings must show it, never run it. */
export const HOSTILE = `</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">&amp;"'`;

declare module 'vitest' {
  export interface ProvidedContext {
    sampleReport: ReportV1;
  }
}

/**
 * The sample report, built once per test run by the unit project's global setup
 * (test/helpers/provide-sample-report.ts) and handed to every test file that asks.
 */
export async function sampleReport(): Promise<ReportV1> {
  return inject('sampleReport');
}

/**
 * A real report: a generated capture replayed (recorded legacy) against a validator with the
 * `merchant-category-dropped` bug, so it has decision groups with examples and diffs. The first
 * example's request body and one signature are then seeded with HOSTILE, as if captured traffic
 * carried it. A few seconds.
 */
export async function buildSampleReport(count = 400): Promise<ReportV1> {
  const { path, remove } = await generatedCapture(count, 5);
  const candidate = await listenForSuite({ mutation: 'merchant-category-dropped' });
  try {
    return withHostileStrings(await replay(validatorReplay(path, candidate.url)));
  } finally {
    await candidate.close();
    remove();
  }
}

function withHostileStrings(report: ReportV1): ReportV1 {
  const [first, ...rest] = report.groups;
  if (!first) throw new Error('the sample replay found no mismatch group');
  const [example, ...others] = first.examples;
  const hostileExample = example ? [{ ...example, request: { ...example.request, body: `${example.request.body}${HOSTILE}` } }] : [];
  return { ...report, groups: [{ ...first, signature: `${first.signature} ${HOSTILE}`, examples: [...hostileExample, ...others] }, ...rest] };
}
