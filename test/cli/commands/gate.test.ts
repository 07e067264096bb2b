import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLICIES } from '../../../src/gate/policies/index.js';
import type { ReportV1 } from '../../../src/report/model.js';
import { runParity } from '../../helpers/cli.js';
import { sampleReport } from '../../helpers/sample-report.js';
import { tmpDir } from '../../helpers/tmp.js';

let report: ReportV1;
let reportFile: string;
let decisionSignature: string;
let suiteDir: string;

beforeAll(async () => {
  report = await sampleReport();
  decisionSignature = report.groups.find((g) => g.category === 'decision')?.signature ?? '';
  suiteDir = mkdtempSync(join(tmpdir(), 'parity-gate-'));
  reportFile = join(suiteDir, 'report.json');
  writeFileSync(reportFile, JSON.stringify(report));
}, 60_000);
afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));

function writeJson(name: string, content: unknown): string {
  const file = join(tmpDir(), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const LOOSE = ['--max-critical', '1000', '--max-decision-mismatches', '1000', '--min-parity', '0'];

describe('parity gate', () => {
  test('a failing report exits 1 and says which policy failed, by how much, and which groups to look at', async () => {
    const { code, stdout, stderr } = await runParity(['gate', reportFile]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^GATE FAILED: 3 of ${POLICIES.length} policies failed`));
    expect(stdout).toMatch(/✘ max-critical +\d+ false approvals/);
    expect(stdout).toMatch(/✘ max-decision-mismatches +\d+ decision mismatches, limit 0: \d+ over/);
    expect(stdout).toMatch(/✔ max-transport/);
    expect(stdout).toContain('top groups to look at');
    expect(stdout).toContain(`[critical] ${decisionSignature.slice(0, 60)}`);
    expect(stdout).toContain(`sha256 ${report.run.capture.sha256.slice(0, 12)}`);
    expect(stderr).toContain('parity: gate failed: max-critical, max-decision-mismatches, min-parity');
  });

  test('limits from flags pass it (exit 0); a config file\'s gate section sets them too, flags winning', async () => {
    const pass = await runParity(['gate', reportFile, ...LOOSE]);
    expect(pass.stdout).toMatch(new RegExp(`^GATE PASSED: ${POLICIES.length} policies hold`));
    expect(pass.code).toBe(0);

    const config = writeJson('parity.config.json', { gate: { maxCritical: 1000, maxDecisionMismatches: 1000, minParity: 0 } });
    expect((await runParity(['gate', reportFile, '--config', config])).code).toBe(0);
    const stricter = await runParity(['gate', reportFile, '--config', config, '--max-critical', '0']);
    expect(stricter.code).toBe(1);
    expect(stricter.stdout).toMatch(/✘ max-critical/);
  });

  test('allow-list: allowed groups pass, expired entries fail and say so, stale entries are named', async () => {
    const allow = writeJson('allow.json', {
      allow: [
        { signature: decisionSignature, owner: 'payments-team', reason: 'fixed in PAY-123', expires: '2999-01-01' },
        { signature: 'body POST /v1/payments/validate', match: 'prefix', owner: 'payments-team', reason: 'checks field renamed', expires: '2999-01-01' },
        { signature: 'status GET /nowhere', owner: 'old-team', reason: 'gone', expires: '2999-01-01' },
      ],
    });
    const allowed = await runParity(['gate', reportFile, '--allow', allow, '--max-critical', '1000']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('stale     "status GET /nowhere" (owner old-team) matches no group');
    expect(allowed.stdout).toMatch(/allowed +\d+ group\(s\)/);

    const expired = writeJson('expired.json', { allow: [{ signature: decisionSignature, owner: 'payments-team', reason: 'temporary', expires: '2020-01-31' }] });
    const failed = await runParity(['gate', reportFile, '--allow', expired, ...LOOSE]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✘ allow-list +1 expired entry/);
    expect(failed.stdout).toContain('(owner payments-team, expired 2020-01-31)');
  });

  test('--max-critical fails on false approvals whatever the allow-list allows', async () => {
    const allow = writeJson('allow-all.json', {
      allow: ['decision', 'body'].map((prefix) => ({ signature: prefix, match: 'prefix', owner: 'me', reason: 'everything', expires: '2999-01-01' })),
    });
    const { code, stdout } = await runParity(['gate', reportFile, '--allow', allow]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/✘ max-critical/);
    expect(stdout).toMatch(/✔ max-decision-mismatches/);
    expect(stdout).toMatch(/✔ min-parity/);
  });

  test('writes the Markdown summary to $GITHUB_STEP_SUMMARY, appending', async () => {
    const summary = writeJson('step-summary.md', '# earlier step\n');
    await runParity(['gate', reportFile], { GITHUB_STEP_SUMMARY: summary });
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('max-critical');
    // Captured bodies appear only inside fenced code blocks, where Markdown shows them as text.
    expect(text.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')).not.toContain('<script>');
  });

  test('a GITHUB_STEP_SUMMARY that cannot be written is a warning: the verdict and exit code stand', async () => {
    const { code, stdout, stderr } = await runParity(['gate', reportFile, ...LOOSE], { GITHUB_STEP_SUMMARY: join(tmpdir(), 'no-such-dir-parity', 'summary.md') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GATE PASSED/);
    expect(stderr).toContain('warning: could not append the summary to GITHUB_STEP_SUMMARY');
  });

  test('--json prints the outcome for machines', async () => {
    const { code, stdout } = await runParity(['gate', reportFile, '--json', ...LOOSE]);
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout) as { passed: boolean; policies: { name: string }[]; limits: { minParity: number } };
    expect(outcome.passed).toBe(true);
    expect(outcome.policies.map((p) => p.name)).toContain('max-critical');
    expect(outcome.limits.minParity).toBe(0);
  });

  test.each([
    [['--min-parity', '120'], "option '--min-parity <percent>' argument '120' is invalid"],
    [['--max-critical', '-1'], "option '--max-critical <n>' argument '-1' is invalid"],
    [['--max-p99-ratio', 'fast'], "option '--max-p99-ratio <ratio>' argument 'fast' is invalid"],
    [['--strict'], "unknown option '--strict'"],
  ])('bad flag %j → exit 2', async (flags, message) => {
    const { code, stderr } = await runParity(['gate', reportFile, ...flags]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('a missing, corrupt, foreign or newer report is exit 2 with the file named', async () => {
    const cases: [string, string][] = [
      [join(tmpDir(), 'missing.json'), 'report not found'],
      [writeJson('corrupt.json', '{"reportVersion": 1, "run":'), 'is not JSON'],
      [writeJson('foreign.json', { hello: 'world' }), 'is not a Parity report'],
      [writeJson('newer.json', { ...report, reportVersion: 2 }), 'is report version 2; this Parity reads version 1'],
    ];
    for (const [file, message] of cases) {
      const { code, stderr } = await runParity(['gate', file]);
      expect(code).toBe(2);
      expect(stderr).toContain(file);
      expect(stderr).toContain(message);
    }
  });

  test('a missing or invalid allow-list is exit 2 naming the entry at fault', async () => {
    const missing = await runParity(['gate', reportFile, '--allow', join(tmpDir(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('allow-list not found');
    const noOwner = writeJson('no-owner.json', { allow: [{ signature: 'x', reason: 'y', expires: '2027-01-01' }] });
    const invalid = await runParity(['gate', reportFile, '--allow', noOwner]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('allow[0] needs owner');
    const badDate = writeJson('bad-date.json', { allow: [{ signature: 'x', owner: 'o', reason: 'y', expires: '2027-02-30' }] });
    expect((await runParity(['gate', reportFile, '--allow', badDate])).stderr).toContain('allow[0].expires: expected a date YYYY-MM-DD, got "2027-02-30"');
  });
});
