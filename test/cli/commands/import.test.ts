import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runParity } from '../../helpers/cli.js';
import { FIXTURES, fileWith } from '../../helpers/import.js';
import { tmpDir } from '../../helpers/tmp.js';

const KEY_ENV = { PARITY_REDACT_KEY: 'cli-import-test-key-0123456789' };
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\bat .*\(|\.ts:\d+/);

describe('parity import', () => {
  test.each(['har', 'jsonl', 'gor'])('imports the %s fixture and prints a summary', async (format) => {
    const out = join(tmpDir(), 'c.db');
    const { code, stdout, stderr } = await runParity(['import', format, `${FIXTURES}small.${format}`, '--out', out], KEY_ENV);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^imported [23] exchanges from .*small\\.${format} \\(${format}\\) into .*c\\.db in \\d+\\.\\d s\\nnothing skipped, nothing refused by redaction\\n$`));
    expect(stderr).toBe('');
    expect(existsSync(out)).toBe(true);
    const info = await runParity(['captures', 'info', out, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ meta: { source: `import ${format}` } });
  });

  test('exchanges the file did not hold whole are listed as flagged, with what to do', async () => {
    const { code, stdout } = await runParity(['import', 'gor', `${FIXTURES}gor-request-only.gor`, '--out', join(tmpDir(), 'c.db')], KEY_ENV);
    expect(code).toBe(0);
    expect(stdout).toContain('flagged (not whole in the file) 3:\n  3  response-not-recorded: response not recorded: replay these with --legacy URL (first at payload 1 at byte 0)\n');
  });

  test('skipped records are listed by reason with their first location', async () => {
    const valid = '{"recorded_at":"2026-11-23T10:00:00Z","method":"GET","path":"/","response":{"status":200}}';
    const input = fileWith([valid, 'x', 'y', '{"method":"GET","path":"/","recorded_at":"2026-11-23T10:00:00Z","response":{"status":"200"}}'].join('\n'));
    const { code, stdout } = await runParity(['import', 'jsonl', input, '--out', join(tmpDir(), 'c.db')], KEY_ENV);
    expect(code).toBe(0);
    expect(stdout).toContain('imported 1 exchanges');
    expect(stdout).toContain('skipped 3:\n  2  not valid JSON (first at line 2)\n  1  response.status: expected an integer from 100 to 999 (first at line 4)\n');
  });

  test('--json prints one JSON document and nothing else', async () => {
    const { code, stdout } = await runParity(['import', 'har', `${FIXTURES}small.har`, '--out', join(tmpDir(), 'c.db'), '--json'], KEY_ENV);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ format: 'har', imported: 3, skipped: 0, refused: 0, skippedReasons: [], alreadyRedacted: false });
  });

  test('without PARITY_REDACT_KEY a foreign file imports with a warning about surrogates', async () => {
    const { code, stderr } = await runParity(['import', 'gor', `${FIXTURES}small.gor`, '--out', join(tmpDir(), 'c.db')]);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: PARITY_REDACT_KEY is not set');
  });

  test('without --out the capture goes to captures/<file name>.db in the working directory', () => {
    const cwd = tmpDir();
    const bin = fileURLToPath(new URL('../../../src/bin.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', tsx, bin, 'import', 'jsonl', `${FIXTURES}small.jsonl`], { cwd, env: { ...process.env, ...KEY_ENV }, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(join(cwd, 'captures'))).toContain('small.db');
  });

  test.each<[string, () => string[], RegExp]>([
    ['a missing file', () => ['jsonl', join(tmpDir(), 'missing.jsonl')], /^parity: import file not found: .*missing\.jsonl\nhint: /],
    ['an unparseable file', () => ['har', `${FIXTURES}truncated.har`], /^parity: nothing to import from .*truncated\.har as har: 1 record skipped, e\.g\. document: not valid JSON: the document ends early \(file cut short\?\)\nhint: /],
    ['a file with nothing valid', () => ['jsonl', fileWith('{"method":"GET"}\n')], /^parity: nothing to import from .* as jsonl: 1 record skipped, e\.g\. line 1: path: missing\n/],
    ['an empty file', () => ['gor', fileWith('')], /^parity: nothing to import from .* as gor: the file holds no records\n/],
    ['a bad redaction file', () => ['jsonl', `${FIXTURES}small.jsonl`, '--redact', fileWith('{"nope":[]}')], /^parity: .*: unknown key "nope"/],
  ])('%s → exit 2, one line and a hint, no capture left, no stack', async (_name, args, message) => {
    const out = join(tmpDir(), 'c.db');
    const { code, stdout, stderr } = await runParity(['import', ...args(), '--out', out], KEY_ENV);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    noStack(stderr);
    expect(existsSync(out)).toBe(false);
  });

  test('an existing --out → exit 2 and the file is untouched', async () => {
    const out = join(tmpDir(), 'c.db');
    writeFileSync(out, 'precious');
    const { code, stderr } = await runParity(['import', 'jsonl', `${FIXTURES}small.jsonl`, '--out', out], KEY_ENV);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: capture file already exists: .*c\.db\n/);
  });

  test('an unknown format is a usage error naming the choices', async () => {
    const { code, stderr } = await runParity(['import', 'xml', `${FIXTURES}small.jsonl`]);
    expect(code).toBe(2);
    expect(stderr).toContain("command-argument value 'xml' is invalid for argument 'format'");
    expect(stderr).toContain('har, jsonl, gor');
  });

  test('a weak PARITY_REDACT_KEY → exit 2 before anything is written', async () => {
    const out = join(tmpDir(), 'c.db');
    const { code, stderr } = await runParity(['import', 'jsonl', `${FIXTURES}small.jsonl`, '--out', out], { PARITY_REDACT_KEY: 'short' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^parity: PARITY_REDACT_KEY is 5 characters/);
    expect(existsSync(out)).toBe(false);
  });

  test('--help lists the formats and examples; parity --help lists import and export', async () => {
    const help = await runParity(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Formats:\n {2}har {4}HAR 1\.2/);
    expect(help.stdout).toContain('$ parity import har session.har --out captures/session.db');
    const top = await runParity(['--help']);
    expect(top.stdout).toMatch(/import \[options\] <format> <file>/);
    expect(top.stdout).toMatch(/export \[options\] <capture>/);
  });
});
