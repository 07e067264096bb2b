import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The package as npm publishes it: built, packed, extracted into a project's node_modules with its
// runtime dependencies beside it (linked, not installed), then used by a script and a TypeScript
// file the way a user of `parity-harness` would, through its `exports` only.

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const TSC_FLAGS = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
// npm pack needs no network; keep npm from asking for any.
const NPM_ENV = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_offline: 'true' };

/** What `import * from 'parity-harness'` holds at run time: the public API, no more, no less. */
const RUNTIME_EXPORTS = [
  'BENCH_DEFAULTS',
  'DEFAULT_LIMITS',
  'ERROR_CATALOGUE',
  'ParityError',
  'REPLAY_DEFAULTS',
  'Recording',
  'VALIDATOR_NOISE',
  'VERSION',
  'benchReport',
  'evaluateGate',
  'exportCapture',
  'generateTraffic',
  'importCapture',
  'isParityError',
  'loadAllowList',
  'loadConfig',
  'localRecordOptions',
  'mergeCaptures',
  'mergeReports',
  'openCapture',
  'readAnyReport',
  'readReport',
  'record',
  'recordingFailure',
  'redactionKey',
  'renderAnyReport',
  'renderReport',
  'replay',
  'resolveReplaySettings',
  'runBench',
  'sealKey',
  'startValidator',
  'suggestPartitionKeys',
  'writeBenchFiles',
  'writeReportFiles',
];

interface PackedFile {
  readonly path: string;
}
interface PackResult {
  readonly filename: string;
  readonly files: readonly PackedFile[];
}
interface PackedManifest {
  readonly main: string;
  readonly types: string;
  readonly exports: Readonly<Record<string, string>>;
  readonly bin: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}

let tmp: string;
let project: string;
let installed: string;
let packed: PackResult;
let manifest: PackedManifest;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'parity-pack-'));
  project = join(tmp, 'project');
  installed = join(project, 'node_modules', 'parity-harness');
  mkdirSync(installed, { recursive: true });

  await buildIfStale();
  const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: REPO, env: NPM_ENV });
  expect(pack.status, pack.stderr).toBe(0);
  const results = JSON.parse(pack.stdout) as PackResult[];
  expect(results).toHaveLength(1);
  packed = results[0]!;

  // The tarball holds one `package/` folder: it becomes node_modules/parity-harness.
  const untar = await run('tar', ['-xzf', join(tmp, packed.filename), '-C', installed, '--strip-components=1'], { cwd: tmp });
  expect(untar.status, untar.stderr).toBe(0);
  manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as PackedManifest;

  // Only the declared runtime dependencies are linked: a module the package needs but does not
  // declare fails to resolve here. Node follows the links to their real paths, so their own
  // dependencies resolve from the repository's node_modules. @types/node is what any TypeScript
  // user of a Node library has.
  for (const name of [...Object.keys(manifest.dependencies), '@types/node']) {
    const link = join(project, 'node_modules', name);
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'uses-parity', private: true, type: 'module' }, null, 2)}\n`);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the npm package', () => {
  test('the tarball holds the entry points, their types and the files read at run time', () => {
    const files = new Set(packed.files.map((f) => f.path));
    for (const path of ['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/bin.js', 'dist/record/store-worker.js', 'dist/validator/seed/default-seed.json']) {
      expect(files, path).toContain(path);
    }
    for (const path of [manifest.main, manifest.types, ...Object.values(manifest.exports), ...Object.values(manifest.bin)]) {
      expect(existsSync(join(installed, path)), path).toBe(true);
    }
    expect([...files].filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  test('`parity-harness` resolves through `exports`, and importing it starts nothing', async () => {
    const script = "const m = await import('parity-harness'); console.log(JSON.stringify({ url: import.meta.resolve('parity-harness'), keys: Object.keys(m).sort() }));";
    // A module that started a server or a timer would keep the process alive past the timeout.
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, timeoutMs: 20_000 });
    expect(result.status, result.stderr).toBe(0);
    const { url, keys } = JSON.parse(result.stdout) as { url: string; keys: string[] };
    expect(url).toBe(pathToFileURL(join(installed, 'dist', 'index.js')).href);
    expect(keys).toEqual(RUNTIME_EXPORTS);
  });

  test('a script records generated payments, replays them against a mutated validator and finds the bug', async () => {
    writeFileSync(join(project, 'use.mjs'), USE_MJS);
    const result = await run(process.execPath, ['use.mjs'], { cwd: project, timeoutMs: 60_000 });
    // Exiting by itself (no timeout kill) means every server, pool and file was closed.
    expect(result.signal, result.stderr).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ sent: 400, recorded: 400, stored: 400, compared: 400, cleanMismatched: 0, gatePassed: false, missingCapture: 'CAPTURE_NOT_FOUND' });
    expect(out['mismatched']).toBeGreaterThan(0);
    expect(out['text']).toMatch(/^MISMATCHES: /);
  }, 90_000);

  test('its types check in a strict NodeNext project, and a misuse does not', async () => {
    writeFileSync(join(project, 'use.ts'), USE_TS);
    const good = await run(process.execPath, [TSC, ...TSC_FLAGS, 'use.ts'], { cwd: project, timeoutMs: 60_000 });
    expect(good.status, good.stdout + good.stderr).toBe(0);

    // Each file holds one misuse; each must be an error of its own, at its own line, so the
    // declarations are real types and not `any`.
    for (const [name, text] of Object.entries(MISUSES)) writeFileSync(join(project, name), text);
    const bad = await run(process.execPath, [TSC, ...TSC_FLAGS, ...Object.keys(MISUSES)], { cwd: project, timeoutMs: 60_000 });
    expect(bad.status).not.toBe(0);
    for (const [name, code] of Object.entries(MISUSE_ERRORS)) expect(bad.stdout, name).toMatch(new RegExp(`^${name.replace('.', '\\.')}\\(\\d+,\\d+\\): error ${code}:`, 'm'));
    const errorLines = bad.stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
    expect(errorLines, bad.stdout).toHaveLength(Object.keys(MISUSES).length);
  }, 90_000);
});


describe("the README's library examples", () => {
  // Run verbatim, in the order the README gives them, as the files they name.
  test('run against the packed package and do what the README says', async () => {
    const examples = readmeExamples();
    expect(Object.keys(examples)).toEqual(['record.mjs', 'replay.mjs', 'gate.mjs', 'captures.mjs', 'errors.mjs']);
    const dir = join(tmp, 'readme');
    mkdirSync(dir);
    symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    for (const [name, text] of Object.entries(examples)) writeFileSync(join(dir, name), text);
    const env = { ...process.env, PARITY_REDACT_KEY: 'readme-example-key-0123456789' };
    const node = (file: string) => run(process.execPath, [file], { cwd: dir, env, timeoutMs: 90_000 });

    const recorded = await node('record.mjs');
    expect(recorded.status, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('2000 exchanges recorded\n');

    const replayed = await node('replay.mjs');
    expect(replayed.status, replayed.stderr).toBe(1); // the planted bug fails the gate
    expect(replayed.stdout).toMatch(/MISMATCHES: /);
    expect(readdirSync(join(dir, 'reports', 'lib')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);

    // What gate.mjs reads: a config of its own, and the two shards the README says come from replay.
    writeFileSync(join(dir, 'parity.config.json'), JSON.stringify({ gate: { maxP99Ratio: 3 } }));
    writeFileSync(join(dir, 'shards.mjs'), SHARDS_MJS);
    const shards = await node('shards.mjs');
    expect(shards.status, shards.stderr).toBe(0);
    const gated = await node('gate.mjs');
    expect(gated.status, gated.stderr).toBe(0);
    expect(gated.stdout).toMatch(/^## Parity report\n\n\*\*Gate: PASSED\*\*/);
    expect(gated.stdout).toMatch(/config sha256 [0-9a-f]{64}/);

    const captures = await node('captures.mjs');
    expect(captures.status, captures.stderr).toBe(0);
    expect(captures.stdout).toMatch(/^record\.mjs 2000$/m);
    expect(captures.stdout).toMatch(/^2000 exported, 2000 imported, 0 skipped$/m);

    const errors = await node('errors.mjs');
    expect(errors.status).toBe(2);
    expect(errors.stderr).toMatch(/^CAPTURE_NOT_FOUND: .*\n {2}fix: /);
  }, 240_000);
});

/** The `.mjs` blocks of the README's Library section, by the file name on their first line. */
function readmeExamples(): Record<string, string> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'), readme.indexOf('## Exit codes'));
  const examples: Record<string, string> = {};
  for (const [, code = ''] of section.matchAll(/```js\n([\s\S]*?)```/g)) {
    const name = /^\/\/ (\S+\.mjs)\n/.exec(code)?.[1];
    if (name) examples[name] = code;
  }
  return examples;
}

/** The shards gate.mjs joins: the README's capture replayed in two halves with `shard`. */
const SHARDS_MJS = `import { VALIDATOR_NOISE, replay, resolveReplaySettings, startValidator, writeReportFiles } from 'parity-harness';
const candidate = await startValidator();
for (const index of [1, 2]) {
  const report = await replay({ capture: 'captures/lib.db', ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate: candidate.url, reset: true } }]), compare: VALIDATOR_NOISE, shard: { index, count: 2 } });
  await writeReportFiles('reports/shard-' + index, report);
}
await candidate.close();
`;

/** Builds dist/ unless it is newer than every file under src/ (as after `npm test`'s build). */
async function buildIfStale(): Promise<void> {
  const built = join(REPO, 'dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(REPO, 'src'))) return;
  const build = await run(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: REPO, timeoutMs: 120_000 });
  expect(build.status, `npm run build failed:\n${build.stdout}${build.stderr}`).toBe(0);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

interface RunResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`), with its output. */
function run(command: string, args: readonly string[], options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/**
 * A user's script: two reference validators (legacy, and a rewrite with a planted bug) and a
 * clean control, 400 generated payments recorded in front of legacy, the capture replayed
 * against both candidates. Sent one at a time, so legacy sees every account's payments in order.
 */
const USE_MJS = `import { join } from 'node:path';
import { DEFAULT_LIMITS, ParityError, VALIDATOR_NOISE, evaluateGate, generateTraffic, isParityError, localRecordOptions, openCapture, record, renderReport, replay, startValidator } from 'parity-harness';

const capture = join(process.cwd(), 'capture.db');
const legacy = await startValidator();
const buggy = await startValidator({ mutation: 'hold-not-placed' });
const clean = await startValidator();
try {
  const key = Buffer.from('pack-test-redaction-key-0123456789');
  const recording = await record({ ...localRecordOptions(new URL(legacy.url), capture, key, 'parity pack test'), batchIntervalMs: 20 });
  let sent = 0;
  let summary;
  try {
    for (const request of generateTraffic({ count: 400, seed: 11 })) {
      const response = await fetch(recording.url + request.path, { method: request.method, headers: request.headers, body: request.body });
      await response.arrayBuffer();
      sent++;
    }
  } finally {
    summary = await recording.stop('signal');
  }

  const reader = openCapture(capture);
  let stored;
  try {
    stored = reader.count();
  } finally {
    reader.close();
  }

  const options = { capture, legacy: 'recorded', order: 'key', partitionKey: '$.account_id', concurrency: 8, timeoutMs: 5000, resetPath: '/admin/reset', compare: VALIDATOR_NOISE };
  const report = await replay({ ...options, candidate: new URL(buggy.url) });
  const control = await replay({ ...options, candidate: new URL(clean.url) });
  const gate = evaluateGate(report, DEFAULT_LIMITS);

  let missingCapture;
  try {
    openCapture(join(process.cwd(), 'no-such-capture.db'));
  } catch (error) {
    missingCapture = isParityError(error) && error instanceof ParityError ? error.code : String(error);
  }

  console.log(JSON.stringify({
    sent,
    recorded: summary.proxy.recorded,
    stored,
    compared: report.totals.compared,
    mismatched: report.totals.mismatched,
    cleanMismatched: control.totals.mismatched,
    gatePassed: gate.passed,
    text: renderReport(report, 'text', { gate }),
    missingCapture,
  }));
} finally {
  await Promise.all([legacy.close(), buggy.close(), clean.close()]);
}
`;

/** A user's TypeScript: every export used with its types, nothing run (it is only type-checked). */
const USE_TS = `import {
  DEFAULT_LIMITS, ERROR_CATALOGUE, ParityError, Recording, VALIDATOR_NOISE, VERSION,
  evaluateGate, exportCapture, generateTraffic, importCapture, isParityError, loadAllowList, loadConfig, localRecordOptions,
  mergeReports, openCapture, readReport, record, renderReport, replay, startValidator, writeReportFiles,
  type CaptureReader, type ErrorCode, type Exchange, type GateLimits, type GateOutcome, type HeaderList,
  type ImportOptions, type ImportResult, type ExportResult, type ListeningValidator, type ParityConfig,
  type RecordOptions, type RecordSummary, type ReplayOptions, type ReplayProgress, type ReportFormat,
  type ReportGroup, type ReportV1, type StartValidatorOptions,
} from 'parity-harness';

export async function roundTrip(dir: string): Promise<GateOutcome> {
  const validatorOptions: StartValidatorOptions = { host: '127.0.0.1', port: 0, mutation: 'hold-not-placed' };
  const legacy: ListeningValidator = await startValidator();
  const candidate = await startValidator(validatorOptions);
  const recordOptions: RecordOptions = localRecordOptions(new URL(legacy.url), \`\${dir}/capture.db\`, new TextEncoder().encode('a key of 16 chars or more'), \`parity \${VERSION}\`);
  const recording = await record(recordOptions);
  const isRecording: boolean = recording instanceof Recording;
  for (const request of generateTraffic({ count: 10, seed: 1 })) {
    await fetch(recording.url + request.path, { method: request.method, headers: request.headers.map(([n, v]): [string, string] => [n, v]), body: request.body });
  }
  const summary: RecordSummary = await recording.stop('signal');
  const recorded: number = summary.proxy.recorded + (isRecording ? 0 : 1);

  const reader: CaptureReader = openCapture(\`\${dir}/capture.db\`);
  for (const exchange of reader.exchanges({ methods: ['POST'] })) {
    const e: Exchange = exchange;
    const headers: HeaderList = e.requestHeaders;
    if (e.response.kind === 'answer') void [e.response.status, headers.length, recorded];
  }
  reader.close();

  const options: ReplayOptions = {
    capture: \`\${dir}/capture.db\`,
    candidate: new URL(candidate.url),
    legacy: 'recorded',
    order: 'key',
    partitionKey: '$.account_id',
    concurrency: 8,
    timeoutMs: 5_000,
    compare: VALIDATOR_NOISE,
    onProgress: (p: ReplayProgress) => void p.mismatches,
  };
  const report: ReportV1 = await replay(options);
  const groups: readonly ReportGroup[] = report.groups;
  const limits: GateLimits = { ...DEFAULT_LIMITS, maxP99Ratio: 3 };
  const gate: GateOutcome = evaluateGate(report, limits, await loadAllowList(\`\${dir}/allow.json\`));
  const format: ReportFormat = 'md';
  const markdown: string = renderReport(report, format, { gate });
  const written: string[] = await writeReportFiles(\`\${dir}/report\`, report, { gate });
  const merged: ReportV1 = mergeReports([readReport(written[0] ?? ''), report]);
  void [groups.length, markdown, merged.totals.mismatched];

  const imported: ImportResult = await importCapture({ format: 'har', input: \`\${dir}/session.har\`, out: \`\${dir}/session.db\`, key: new Uint8Array(32), createdBy: 'me' } satisfies ImportOptions);
  const exported: ExportResult = await exportCapture({ capture: imported.out, format: 'jsonl', out: process.stdout, version: VERSION });
  const { doc }: { doc: ParityConfig } = await loadConfig(\`\${dir}/parity.config.json\`);
  void [exported.exchanges, doc.replay?.concurrency];

  await Promise.all([legacy.close(), candidate.close()]);
  return gate;
}

export function explain(error: unknown): string {
  if (!isParityError(error)) throw error;
  const code: ErrorCode = error.code;
  const asClass: ParityError = error;
  return \`\${ERROR_CATALOGUE[code].title} (\${asClass.code}): \${error.message}\${error.hint ? \`; \${error.hint}\` : ''}\`;
}
`;

/** One misuse per file, each a type error (with its code) that an untyped `any` would let through. */
const MISUSES: Readonly<Record<string, string>> = {
  'misuse-totals.ts': `import { replay, type ReplayOptions } from 'parity-harness';\nexport async function f(o: ReplayOptions): Promise<number> {\n  const n: number = (await replay(o)).totals;\n  return n;\n}\n`,
  'misuse-options.ts': `import { replay } from 'parity-harness';\nexport const r = replay({ capture: 'c.db', candidate: new URL('http://127.0.0.1:8090') });\n`,
  'misuse-format.ts': `import { renderReport, type ReportV1 } from 'parity-harness';\nexport const f = (r: ReportV1): string => renderReport(r, 'pdf');\n`,
  'misuse-mutation.ts': `import { startValidator } from 'parity-harness';\nexport const v = startValidator({ mutation: 'no-such-mutation' });\n`,
  'misuse-code.ts': `import { ParityError } from 'parity-harness';\nexport const e = new ParityError('NOT_A_CODE', 'message');\n`,
};
const MISUSE_ERRORS: Readonly<Record<string, string>> = {
  'misuse-totals.ts': 'TS2322',
  'misuse-options.ts': 'TS2345',
  'misuse-format.ts': 'TS2345',
  'misuse-mutation.ts': 'TS2322',
  'misuse-code.ts': 'TS2345',
};
