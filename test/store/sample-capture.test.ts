import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openCapture, replay, resolveReplaySettings, startValidator, VALIDATOR_NOISE } from '../../src/index.js';
import { REDACTION_ENGINE } from '../../src/redact/redactor.js';

// The capture committed for the README's examples (scripts/make-sample-capture.ts writes it).
const SAMPLE = fileURLToPath(new URL('../../captures/sample.db', import.meta.url));
const PUBLIC_SAMPLE_KEY = 'parity-sample-capture-public-test-key';

describe('captures/sample.db', () => {
  test('opens: 300 redacted exchanges of the reference validator, under the public sample key', () => {
    const reader = openCapture(SAMPLE);
    try {
      expect(reader.count()).toBe(300);
      expect(reader.meta).toMatchObject({ source: 'record', redaction: REDACTION_ENGINE, keyFingerprint: createHmac('sha256', PUBLIC_SAMPLE_KEY).update('parity-key-id').digest('hex').slice(0, 16) });
      expect(reader.meta.createdBy).toContain('public test key');
      expect(reader.summary().endpoints.map((e) => e.path)).toEqual(['/v1/payments/validate']);
    } finally {
      reader.close();
    }
  });

  test('replays clean against the reference validator, its recorded answers as legacy', async () => {
    const candidate = await startValidator();
    try {
      const report = await replay({ capture: SAMPLE, ...resolveReplaySettings([{ source: { kind: 'options' }, values: { candidate: candidate.url, reset: true } }]), compare: VALIDATOR_NOISE });
      expect(report.totals).toMatchObject({ exchanges: 300, compared: 300, mismatched: 0, parityPercent: 100 });
    } finally {
      await candidate.close();
    }
  }, 30_000);
});
