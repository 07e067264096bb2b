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

  describe('a bad setting is named where the user wrote it, exit 2 before any request', () => {
    const withConfig = (doc: unknown) => {
      const config = join(tmpDir(), 'parity.config.json');
      writeFileSync(config, JSON.stringify(doc));
      return config;
    };
    test.each([
      ['a candidate URL without a host', { replay: { candidate: 'http://' } }, 'replay.candidate: expected an absolute http(s) URL such as http://127.0.0.1:8080, got "http://"'],
      ['a legacy that is neither a URL nor "recorded"', { replay: { candidate: 'http://127.0.0.1:1', legacy: 'ftp://old' } }, 'replay.legacy: expected an http:// or https:// URL'],
      ['a partition key it cannot read', { replay: { candidate: 'http://127.0.0.1:1', partitionKey: 'account' } }, 'replay.partitionKey: cannot read partition key "account"'],
      ['a round-numbers normaliser without digits', { replay: { candidate: 'http://127.0.0.1:1' }, compare: { normalise: [{ type: 'round-numbers', path: '$.fee' }] } }, 'compare.normalise[0] needs digits'],
    ])('config: %s → CONFIG_INVALID naming the file and the key', async (_name, doc, message) => {
      const config = withConfig(doc);
      const { code, stderr } = await runParity(['replay', capture, '--config', config, '--out', join(tmpDir(), 'r')]);
      expect(code).toBe(2);
      expect(stderr).toContain(`${config}: `);
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/--legacy|--partition-key|internal error/);
    });

    test.each([
      [['--legacy', 'nope'], '--legacy: expected an absolute http(s) URL'],
      [['--partition-key', 'account'], '--partition-key: cannot read partition key "account"'],
      [['--order', 'random'], '--order: expected one of key, global, none'],
    ])('flags %j → USAGE naming the flag', async (flags, message) => {
      const { code, stderr } = await runParity(['replay', capture, '--candidate', 'http://127.0.0.1:1', ...flags, '--out', join(tmpDir(), 'r')]);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    });

    test('a flag wins over the config key it overrides, and a bad config value is still refused at load', async () => {
      const config = withConfig({ replay: { candidate: 'http://127.0.0.1:1', partitionKey: 'query:account' } });
      const { code, stderr } = await runParity(['replay', capture, '--config', config, '--partition-key', 'nope', '--out', join(tmpDir(), 'r')]);
      expect(code).toBe(2);
      expect(stderr).toContain('--partition-key: cannot read partition key "nope"');
    });
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
    [['--candidate', 'http://127.0.0.1:1', '--order', 'random'], '--order: expected one of key, global, none'],
    [['--candidate', 'http://127.0.0.1:1', '--shard', '3/2'], "option '--shard <i/n>' argument '3/2' is invalid"],
    [['--candidate', 'http://127.0.0.1:1', '--partition-key', 'account'], 'cannot read partition key "account"'],
    [['--candidate', 'http://127.0.0.1:1', '--legacy', 'legacy-box'], '--legacy: expected an absolute http(s) URL'],
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
