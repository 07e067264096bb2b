import { beforeAll, describe, expect, test } from 'vitest';
import type { ReportGroup, ReportV1 } from '../../src/report/model.js';
import { RENDERERS } from '../../src/render/renderers.js';
import { sampleReport } from '../helpers/sample-report.js';

let report: ReportV1;

beforeAll(async () => {
  const sample = await sampleReport();
  const [first] = sample.groups;
  if (!first) throw new Error('the sample report has no group');
  const brand: ReportGroup = {
    ...first,
    signature: 'body POST /cards $.brand',
    category: 'body',
    severity: 'critical',
    count: 141,
    transitions: [{ path: '$.brand', changes: [{ from: 'maestro', to: 'naranja', count: 79 }, { from: 'maestro', to: 'verve', count: 60 }, { from: 'null', to: 'troy', count: 2 }] }],
  };
  const decision: ReportGroup = { ...first, signature: 'decision POST /cards BLOCK→ALLOW', severity: 'critical', count: 140, alsoChanged: [{ path: '$.risk', count: 12 }] };
  report = { ...sample, groups: [brand, decision, ...sample.groups.slice(1)] };
}, 60_000);

describe('renderings show what changed inside a group', () => {
  test.each(['md', 'html', 'junit'] as const)('%s names the transitions with counts and the co-changed fields', (format) => {
    // Markdown escapes the `$` of paths.
    const out = RENDERERS[format].render(report, {}).replaceAll('\\$', '$');
    expect(out).toContain('$.brand maestro→naranja (79), maestro→verve (60), null→troy (2)');
    expect(out).toContain('also changed: $.risk (12)');
  });

  test('the terminal keeps one line a group, the transitions after the signature', () => {
    const out = RENDERERS.text.render(report, {});
    expect(out).toContain('[critical] body POST /cards $.brand · $.brand maestro→naranja (79), maestro→verve (60), null→troy (2)\n');
  });
});
