import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NewExchange } from '../../src/core/exchange.js';
import type { ReportV1 } from '../../src/report/model.js';
import { REPLAY_DEFAULTS, resolveReplaySettings } from '../../src/replay/replay-options.js';
import { LiveTarget } from '../../src/replay/target.js';
import { runParity } from '../helpers/cli.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

const KiB = 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A 1 MB JSON answer; `changed` alters one byte far past 64 KiB. */
function megabyte(changed = false): Buffer {
  const head = '{"id":1,"blob":"';
  const tail = '"}';
  const body = Buffer.from(head + 'a'.repeat(1_000_000 - head.length - tail.length) + tail);
  if (changed) body[900_000] = 'b'.charCodeAt(0);
  return body;
}

const serve = async (body: Buffer) => (await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body))).url;

/** A capture holding the 1 MB answer whole (under the recorder's 1 MiB cap). */
function captureOfMegabyte(): string {
  const body = megabyte();
  const exchange: NewExchange = exchangeOf({ method: 'GET', path: '/big', requestBody: Buffer.alloc(0), response: { kind: 'answer', status: 200, headers: [['content-type', 'application/json']], body, truncated: false, latencyUs: 10 } });
  return captureWith([exchange]);
}

describe('replay --max-body: how much of each live answer is kept', () => {
  test('a live answer over the cap keeps exactly the cap, and its whole length and SHA-256', async () => {
    const body = megabyte();
    const target = new LiveTarget(new URL(await serve(body)), { connections: 1, timeoutMs: 5_000, headers: [], maxBodyBytes: 64 * KiB });
    try {
      const reply = await target.send({ ...exchangeOf({ method: 'GET', path: '/big', requestBody: Buffer.alloc(0) }), seq: 1 });
      expect(reply).toMatchObject({ kind: 'answer', truncated: true, fullLength: body.length, sha256: sha256(body) });
      expect(reply.kind === 'answer' ? reply.body.byteLength : -1).toBe(64 * KiB);
    } finally {
      await target.close();
    }
  });

  test('--max-body 64KiB: a 1 MB answer equal on both sides matches; one differing past the cap is one body mismatch by hash', async () => {
    const capture = captureOfMegabyte();
    const run = async (candidate: string, extra: string[] = []) => {
      const out = join(tmpDir(), 'report');
      const result = await runParity(['replay', capture, '--candidate', candidate, '--order', 'global', '--out', out, ...extra]);
      return { ...result, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportV1 };
    };
    const same = await run(await serve(megabyte()), ['--max-body', '64KiB']);
    expect(same.code).toBe(0);
    expect(same.report.totals).toMatchObject({ compared: 1, mismatched: 0 });
    expect(same.report.settings).toMatchObject({ maxBodyBytes: 64 * KiB });

    const changed = await serve(megabyte(true));
    const cut = await run(changed, ['--max-body', '64KiB']);
    expect(cut.report.categories).toMatchObject({ body: 1, match: 0 });
    expect(cut.report.groups.flatMap((g) => g.bodyPaths)).toEqual(['(body: over the cap, sha256 differs)']);
    // Under the default 8 MiB the same answer is kept whole and compared field by field.
    const whole = await run(changed);
    expect(whole.report.groups.flatMap((g) => g.bodyPaths)).toEqual(['$.blob']);
  }, 60_000);

  test.each([
    [['--max-body', 'lots'], "option '--max-body <size>' argument 'lots' is invalid. expected a size such as 1MiB, 512KiB or 65536."],
    [['--max-body', '0'], '--max-body: expected a size such as 1MiB, 512KiB or 65536 (at least 1 byte), got 0'],
  ])('%j → exit 2 with a clear message, before any request', async (flags, message) => {
    const { code, stderr } = await runParity(['replay', captureOfMegabyte(), '--candidate', 'http://127.0.0.1:1', '--out', join(tmpDir(), 'r'), ...flags]);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('replay.maxBody in a config: a size or a number of bytes; a bad one is CONFIG_INVALID naming the key, exit 2', async () => {
    const config = join(tmpDir(), 'parity.config.json');
    writeFileSync(config, JSON.stringify({ replay: { candidate: 'http://127.0.0.1:1', maxBody: '64 potatoes' } }));
    const { code, stderr } = await runParity(['replay', captureOfMegabyte(), '--config', config, '--out', join(tmpDir(), 'r')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${config}: replay.maxBody: expected a size such as 1MiB, 512KiB or 65536 (at least 1 byte), got "64 potatoes"`);

    const resolved = (maxBody: number | string | undefined) => resolveReplaySettings([{ source: { kind: 'config', file: 'parity.config.json' }, values: { candidate: 'http://127.0.0.1:1', maxBody } }]).maxBodyBytes;
    expect(resolved(undefined)).toBe(REPLAY_DEFAULTS.maxBodyBytes);
    expect(REPLAY_DEFAULTS.maxBodyBytes).toBe(8 * 1024 * KiB);
    expect(resolved('2MiB')).toBe(2 * 1024 * KiB);
    expect(resolved(4096)).toBe(4096);
    expect(() => resolved(1.5)).toThrow('parity.config.json: replay.maxBody: expected a size such as 1MiB, 512KiB or 65536 (at least 1 byte), got 1.5');
  });
});
