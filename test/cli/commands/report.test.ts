import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../../src/report/model.js';
import { runParity } from '../../helpers/cli.js';
import { sampleReport } from '../../helpers/sample-report.js';

let dir: string;
let reportFile: string;
let report: ReportV1;

beforeAll(async () => {
  report = await sampleReport();
  dir = mkdtempSync(join(tmpdir(), 'parity-report-cli-'));
  reportFile = join(dir, 'report.json');
  writeFileSync(reportFile, JSON.stringify(report));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parity report', () => {
  test('prints the text summary by default, with the gate verdict under the default limits', async () => {
    const { code, stdout } = await runParity(['report', reportFile]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^MISMATCHES: [\d.]+% of 400 exchanges match/);
    expect(stdout).toMatch(/^gate +FAILED: max-critical/m);
  });

  test('each format renders to stdout or to --out, readable by its owner only', async () => {
    const md = await runParity(['report', reportFile, '--format', 'md']);
    expect(md.stdout).toContain('### Decisions');
    const out = join(dir, 'nested', 'junit.xml');
    const junit = await runParity(['report', reportFile, '--format', 'junit', '--out', out]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toBe(`wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const html = await runParity(['report', reportFile, '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
  });

  test('--config sets the limits the rendering shows', async () => {
    const config = join(dir, 'parity.config.json');
    writeFileSync(config, JSON.stringify({ gate: { maxCritical: 1000, maxDecisionMismatches: 1000, minParity: 0, maxP99Ratio: 1000 } }));
    const { stdout } = await runParity(['report', reportFile, '--config', config]);
    expect(stdout).toMatch(/^gate +passed/m);
  });

  test('`parity report help` shows the help, not a search for a file named help', async () => {
    const { code, stdout } = await runParity(['report', 'help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: parity report \[options\] \[command\] <report>/);
  });

  test('a wrong format, a missing report or a missing config is exit 2', async () => {
    const format = await runParity(['report', reportFile, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("argument 'pdf' is invalid. Allowed choices are text, md, html, junit");
    const missing = await runParity(['report', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('report not found');
    const config = await runParity(['report', reportFile, '--config', join(dir, 'nope.config.json')]);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('config file not found');
  });

  test('an --out that cannot be written is exit 2 at once: a folder under /proc, a file where a folder is needed', async () => {
    const proc = await runParity(['report', reportFile, '--format', 'md', '--out', '/proc/parity-report-test/report.md']);
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain('cannot write reports to /proc/parity-report-test');
    writeFileSync(join(dir, 'a-file'), 'x');
    const under = await runParity(['report', reportFile, '--format', 'junit', '--out', join(dir, 'a-file', 'junit.xml')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain('is a file, not a folder');
  });
});
