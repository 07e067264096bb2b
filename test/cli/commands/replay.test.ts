import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../../src/report/model.js';
import { runCli } from '../../../src/cli/program.js';
import { runParity } from '../../helpers/cli.js';
import { fakeIo } from '../../helpers/io.js';
import { generatedCapture } from '../../helpers/generated-capture.js';
import { tmpDir } from '../../helpers/tmp.js';
import { startValidator } from '../../helpers/validator-server.js';

let capture: string;
let remove = () => {};
beforeAll(async () => {
  ({ path: capture, remove } = await generatedCapture(300, 5));
}, 60_000);
afterAll(() => remove());

describe('parity replay', () => {
  test('writes report.json and prints the summary; a mutated candidate shows its groups', async () => {
    const candidate = await startValidator({ mutation: 'expiry-start-of-month' });
    const out = join(tmpDir(), 'report');
    const { code, stdout } = await runParity(['replay', capture, '--candidate', candidate.url, '--reset', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^MISMATCHES: [\d.]+% of 300 exchanges match/);
    expect(stdout).toContain('[high] decision POST /v1/payments/validate approve→decline +CARD_EXPIRED');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportV1;
    expect(report).toMatchObject({ reportVersion: 1, tool: { name: 'parity' }, run: { legacy: 'recorded', order: 'key' } });
    expect(report.totals.compared).toBe(300);
    for (const file of ['report.md', 'report.html', 'junit.xml']) expect(readFileSync(join(out, file), 'utf8').length).toBeGreaterThan(100);
    expect(stdout).toContain(`renderings   ${join(out, 'report.md')}, ${join(out, 'report.html')}, ${join(out, 'junit.xml')}`);
  });

  test('a config file supplies the candidate and comparison settings; flags override it', async () => {
    const candidate = await startValidator();
    const config = join(tmpDir(), 'parity.config.json');
    writeFileSync(config, JSON.stringify({ replay: { candidate: 'http://127.0.0.1:1', resetPath: '/admin/reset' }, compare: { ignore: { body: ['$.request_id', '$.processed_at'] } } }));
    const { code, stdout } = await runParity(['replay', capture, '--config', config, '--candidate', candidate.url, '--reset', '--out', join(tmpDir(), 'r')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PARITY: 100% of 300 exchanges match/);
  });

  test('--reset on a side that is down or has no reset path → RESET_FAILED, exit 1, the URL named', async () => {
    const down = await runParity(['replay', capture, '--candidate', 'http://127.0.0.1:1', '--reset', '--out', join(tmpDir(), 'r')]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('parity: reset failed: POST http://127.0.0.1:1/admin/reset → ');
    const candidate = await startValidator();
    const config = join(tmpDir(), 'parity.config.json');
    writeFileSync(config, JSON.stringify({ replay: { resetPath: '/no/such/reset' } }));
    const missing = await runParity(['replay', capture, '--config', config, '--candidate', candidate.url, '--reset', '--out', join(tmpDir(), 'r')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/reset failed: POST http:\/\/127\.0\.0\.1:\d+\/no\/such\/reset → .*404/);
  });

  test('Ctrl-C writes the partial report, marked interrupted, and exits 1', async () => {
    const candidate = await startValidator();
    const out = join(tmpDir(), 'r');
    const io = fakeIo();
    const run = runCli(['node', 'parity', 'replay', capture, '--candidate', candidate.url, '--rate', '100', '--out', out], io);
    await new Promise((resolve) => setTimeout(resolve, 300));
    io.interrupt();
    expect(await run).toBe(1);
    expect(io.err()).toMatch(/parity: replay interrupted: .*report\.json covers the \d+ exchanges replayed so far/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportV1;
    expect(report.run.interrupted).toBe(true);
    expect(report.totals.compared).toBeLessThan(300);
  });

  test('--json prints the report and nothing else', async () => {
    const candidate = await startValidator();
    const { code, stdout } = await runParity(['replay', capture, '--candidate', candidate.url, '--reset', '--limit', '20', '--out', join(tmpDir(), 'r'), '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ReportV1).totals.compared).toBe(20);
  });

  test('--header values come from the environment and never reach the report', async () => {
    process.env['PARITY_TEST_TOKEN'] = 'sekret-token-value';
    const candidate = await startValidator();
    const out = join(tmpDir(), 'r');
    const { code } = await runParity(['replay', capture, '--candidate', candidate.url, '--limit', '5', '--header', 'Authorization: Bearer ${PARITY_TEST_TOKEN}', '--out', out]);
    expect(code).toBe(0);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).not.toContain('sekret-token-value');
  });

  test.each([
    [['--candidate', 'http://127.0.0.1:1', '--order', 'random'], '--order must be one of key, global, none'],
    [['--candidate', 'http://127.0.0.1:1', '--shard', '3/2'], "option '--shard <i/n>' argument '3/2' is invalid"],
    [['--candidate', 'http://127.0.0.1:1', '--partition-key', 'account'], 'cannot read partition key "account"'],
    [['--candidate', 'http://127.0.0.1:1', '--legacy', 'legacy-box'], '--legacy must be an http(s) URL or "recorded"'],
    [['--candidate', 'http://127.0.0.1:1', '--filter', 'verb=GET'], "cannot read 'verb=GET'"],
    [['--candidate', 'http://127.0.0.1:1', '--header', 'Authorization: ${PARITY_UNSET_VARIABLE_X}'], 'environment variable PARITY_UNSET_VARIABLE_X is not set'],
    [[], '--candidate <url> is required'],
  ])('bad usage %j → exit 2', async (args, message) => {
    const { code, stderr } = await runParity(['replay', capture, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('a missing capture or config → exit 2', async () => {
    expect((await runParity(['replay', join(tmpDir(), 'none.db'), '--candidate', 'http://127.0.0.1:1'])).code).toBe(2);
    const { code, stderr } = await runParity(['replay', capture, '--config', join(tmpDir(), 'none.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('config file not found');
  });
});
