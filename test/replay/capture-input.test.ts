import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { openCaptureInput } from '../../src/replay/capture-input.js';
import { replay } from '../../src/replay/runner.js';
import { CaptureWriter, createCapture, isCaptureBeingWritten } from '../../src/store/index.js';
import { REDACTION_ENGINE } from '../../src/redact/redactor.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { validatorReplay } from '../helpers/replay-options.js';
import { startServer } from '../helpers/servers.js';
import { tmpDir } from '../helpers/tmp.js';

// Validator-like requests, with the account the default partition key reads.
const batch = (n: number) => Array.from({ length: n }, (_, i) => exchangeOf({ path: `/n/${i}`, requestBody: Buffer.from(`{"transaction_id":"tx-${i}","account_id":"acc-${i % 5}","amount":100}`) }));
const fileSha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const snapshotDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('parity-replay-')).length;

/** A capture with `n` exchanges and its writer still open, as during `parity record`. */
function openCaptureWith(n: number): { path: string; writer: CaptureWriter } {
  const path = join(tmpDir(), 'live.db');
  const writer = new CaptureWriter(createCapture(path, { createdBy: 'parity test', source: 'test', redaction: REDACTION_ENGINE }));
  writer.append(batch(n));
  onTestFinished(() => writer.close());
  return { path, writer };
}

describe('the capture a replay reads', () => {
  test('a finished capture is read in place and hashed as on disk', async () => {
    const path = captureWith(batch(10));
    expect(isCaptureBeingWritten(path)).toBe(false);
    const input = openCaptureInput(path);
    try {
      expect(input.beingWritten).toBe(false);
      expect(input.reader.count()).toBe(10);
      expect(await input.sha256()).toBe(fileSha256(path));
    } finally {
      input.close();
    }
  });

  test('a capture being written is read from a snapshot: rows written later are not in it, and its hash names it', async () => {
    const { path, writer } = openCaptureWith(100);
    expect(isCaptureBeingWritten(path)).toBe(true);
    const before = snapshotDirs();
    const first = openCaptureInput(path);
    try {
      expect(first.beingWritten).toBe(true);
      writer.append(batch(50));
      expect(first.reader.count()).toBe(100);
      expect([...first.reader.exchanges()].length).toBe(100);
      const second = openCaptureInput(path);
      try {
        expect(second.reader.count()).toBe(150);
        expect(await second.sha256()).not.toBe(await first.sha256());
      } finally {
        second.close();
      }
      // The main file alone misses the rows still in the WAL: hashing it would name other data.
      expect(await first.sha256()).not.toBe(fileSha256(path));
      expect(snapshotDirs()).toBe(before + 1);
    } finally {
      first.close();
    }
    // The copy of the traffic is removed.
    expect(snapshotDirs()).toBe(before);
    // The capture itself is untouched by the reader: still being written, every row there.
    expect(isCaptureBeingWritten(path)).toBe(true);
  });

  test('replay() of a capture being written warns once, marks the report and replays the snapshot', async () => {
    const { path } = openCaptureWith(40);
    const candidate = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"decision":"approve","errors":[]}'));
    const warnings: string[] = [];
    const report = await replay({ ...validatorReplay(path, candidate.url), resetPath: undefined, onWarning: (m) => warnings.push(m) } as Parameters<typeof replay>[0]);
    expect(warnings).toEqual([`${path} is still being written (a parity record is running into it, or one stopped without closing it): replaying a snapshot of the 40 exchanges stored so far; exchanges recorded later are not replayed`]);
    expect(report.run.capture.beingWritten).toBe(true);
    expect(report.totals.compared).toBe(40);
    expect(report.totals.matched).toBe(40);
  });
});
