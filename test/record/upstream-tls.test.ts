import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, onTestFinished, test } from 'vitest';
import { isParityError } from '../../src/core/errors.js';
import { runCli } from '../../src/cli/program.js';
import { Recording } from '../../src/record/recorder.js';
import { openCaptureReader } from '../../src/store/index.js';
import { runParity } from '../helpers/cli.js';
import { fakeIo } from '../helpers/io.js';
import { recordOptions, startRecording } from '../helpers/recording.js';
import { tmpDir } from '../helpers/tmp.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));
const CA = fixture('ca.pem');
const KEY_ENV = { PARITY_REDACT_KEY: 'upstream-tls-test-key-0123456789' };

/** An https server whose certificate only the test CA vouches for. */
async function privateCaServer(): Promise<string> {
  const server = createServer({ key: readFileSync(fixture('server.key')), cert: readFileSync(fixture('server.pem')) }, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ secure: true, host: req.headers.host }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('recording an https upstream signed by a private CA', () => {
  test('with `ca` it is trusted and recorded, whatever Host the client sends', async () => {
    const upstream = await privateCaServer();
    const { recording, out } = await startRecording(upstream, { ca: CA });
    const res = await fetch(`${recording.url}/v1/thing`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ secure: true, host: new URL(recording.url).host });
    // The certificate is checked against the target (127.0.0.1), not the client's Host.
    const named = await request(`${recording.url}/v1/named`, { headers: { host: 'shop.example' } });
    expect(await named.body.json()).toEqual({ secure: true, host: 'shop.example' });
    expect(named.statusCode).toBe(200);
    await recording.stop('signal');
    const reader = openCaptureReader(out);
    expect([...reader.exchanges()].map((e) => [e.path, e.response.kind === 'answer' ? e.response.status : 0])).toEqual([
      ['/v1/thing', 200],
      ['/v1/named', 200],
    ]);
    reader.close();
  });

  test('without `ca` the certificate is refused: the client gets a 502 naming why', async () => {
    const upstream = await privateCaServer();
    const { recording } = await startRecording(upstream);
    const res = await fetch(`${recording.url}/v1/thing`);
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: 'bad_gateway', message: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/i) });
  });

  test('with `insecure` the certificate is not checked', async () => {
    const upstream = await privateCaServer();
    const { recording } = await startRecording(upstream, { insecure: true });
    expect((await fetch(`${recording.url}/v1/thing`)).status).toBe(200);
  });

  test.each([
    ['a missing file', () => join(tmpDir(), 'missing.pem'), /cannot read the CA file .*missing\.pem: ENOENT/],
    ['a file without a certificate', () => writeTo('not a certificate\n'), /the CA file .*ca\.pem holds no PEM certificate/],
    ['a damaged certificate', () => writeTo('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n'), /certificate 1 in the CA file .*ca\.pem cannot be parsed/],
  ])('%s → CA_INVALID naming the file, and no capture left behind', async (_case, file, message) => {
    const ca = file();
    const out = join(tmpDir(), 'capture.db');
    const failure = await Recording.start(recordOptions('https://127.0.0.1:1', out, { ca })).catch((error: unknown) => error);
    expect(isParityError(failure) && failure.code).toBe('CA_INVALID');
    expect((failure as Error).message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

function writeTo(text: string): string {
  const file = join(tmpDir(), 'ca.pem');
  writeFileSync(file, text);
  return file;
}

describe('parity record --ca / --insecure', () => {
  test('--ca missing.pem → exit 2 with the message naming the file', async () => {
    const { code, stderr } = await runParity(['record', '--target', 'https://127.0.0.1:1', '--listen', '127.0.0.1:0', '--out', join(tmpDir(), 'x.db'), '--ca', 'missing.pem'], KEY_ENV);
    expect(code).toBe(2);
    expect(stderr).toContain('parity: cannot read the CA file missing.pem: ENOENT');
    expect(stderr).toContain('hint: ');
  });

  test('--ca FILE records the private-CA upstream', async () => {
    const upstream = await privateCaServer();
    const io = fakeIo(KEY_ENV);
    const running = runCli(['node', 'parity', 'record', '--target', upstream, '--listen', '127.0.0.1:0', '--out', join(tmpDir(), 'x.db'), '--ca', CA, '--limit', '1'], io);
    const url = await waitFor(() => /recording (http:\/\/\S+)/.exec(io.err())?.[1]);
    expect((await fetch(`${url}/ok`)).status).toBe(200);
    expect(await running).toBe(0);
    expect(io.err()).not.toContain('--insecure');
  });

  test('--insecure works and says loudly, at start, that nothing is verified', async () => {
    const upstream = await privateCaServer();
    const io = fakeIo(KEY_ENV);
    const running = runCli(['node', 'parity', 'record', '--target', upstream, '--listen', '127.0.0.1:0', '--out', join(tmpDir(), 'x.db'), '--insecure'], io);
    const url = await waitFor(() => /recording (http:\/\/\S+)/.exec(io.err())?.[1]);
    expect(io.err()).toMatch(/WARNING: --insecure: the upstream's TLS certificate is NOT verified/);
    expect((await fetch(`${url}/ok`)).status).toBe(200);
    io.interrupt();
    expect(await running).toBe(0);
  });
});

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out waiting');
}
