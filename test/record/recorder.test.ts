import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';
import { startValidator } from '../helpers/validator-server.js';

const approve = await readFile(new URL('../fixtures/validator/payments/approve.json', import.meta.url), 'utf8');

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v1/payments/validate`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('recording proxy', () => {
  test('forwards unchanged and records the exchange, redacted, once stopped', async () => {
    const validator = await startValidator();
    const { recording, out } = await startRecording(validator.url);
    const direct = await post(validator.url, approve.replace('tx-readme-0001', 'tx-direct'));
    const proxied = await post(recording.url, approve, { authorization: 'Bearer secret' });
    expect(proxied.status).toBe(200);
    expect(JSON.parse(proxied.text).decision).toBe(JSON.parse(direct.text).decision);
    const summary = await recording.stop('signal');
    expect(summary.capture).toMatchObject({ offered: 1, written: 1, dropped: 0, refused: 0 });

    const reader = openCaptureReader(out);
    const [exchange] = [...reader.exchanges()];
    reader.close();
    expect(exchange?.method).toBe('POST');
    expect(exchange?.path).toBe('/v1/payments/validate');
    expect(exchange?.requestHeaders.some(([n]) => n.toLowerCase() === 'authorization')).toBe(false);
    const stored = Buffer.from(exchange!.requestBody).toString();
    expect(stored).not.toContain('4111 1111 1111 1111');
    expect(stored).toContain('"number": "4111 1111');
    expect(exchange?.response.kind === 'answer' && Buffer.from(exchange.response.body).toString()).toBe(proxied.text);
  });

  test('sequence numbers follow arrival, not completion', async () => {
    const upstream = await startServer((req, res) => setTimeout(() => res.end(req.url), req.url === '/slow' ? 300 : 0));
    const { recording, out } = await startRecording(upstream.url);
    const slow = fetch(`${recording.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    await fetch(`${recording.url}/fast`);
    await slow;
    await recording.stop('signal');
    const reader = openCaptureReader(out);
    expect([...reader.exchanges()].map((e) => [e.seq, e.path])).toEqual([[1, '/slow'], [2, '/fast']]);
    reader.close();
  });

  test('an unreachable upstream gives the client a 502 with a clear body and is recorded', async () => {
    const validator = await startValidator();
    const target = validator.url;
    await validator.close();
    const { recording, out } = await startRecording(target);
    const res = await post(recording.url, approve);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.text)).toMatchObject({ error: 'bad_gateway', by: 'parity record' });
    expect(JSON.parse(res.text).message).toContain('ECONNREFUSED');
    await recording.stop('signal');
    const reader = openCaptureReader(out);
    const [exchange] = [...reader.exchanges()];
    reader.close();
    expect(exchange?.response).toMatchObject({ kind: 'no-answer' });
  });

  test('--limit ends the recording after N exchanges; later requests are still proxied', async () => {
    const validator = await startValidator();
    const { recording, out } = await startRecording(validator.url, { limit: 2 });
    const done = new Promise((resolve) => recording.once('done', resolve));
    for (let i = 0; i < 3; i++) expect((await post(recording.url, approve.replace('tx-readme-0001', `tx-${i}`))).status).toBe(200);
    expect(await done).toBe('limit');
    const summary = await recording.stop('limit');
    expect(summary.proxy.proxied).toBe(3);
    expect(summary.capture.written).toBe(2);
    const reader = openCaptureReader(out);
    expect(reader.count()).toBe(2);
    reader.close();
  });

  test('include/exclude globs decide what is recorded, never what is proxied', async () => {
    const validator = await startValidator();
    const { recording, out } = await startRecording(validator.url, { exclude: ['/healthz'] });
    expect((await fetch(`${recording.url}/healthz`)).status).toBe(200);
    expect((await post(recording.url, approve)).status).toBe(200);
    await recording.stop('signal');
    const reader = openCaptureReader(out);
    expect([...reader.exchanges()].map((e) => e.path)).toEqual(['/v1/payments/validate']);
    reader.close();
  });

  test('bodies over --max-body are proxied whole and stored truncated', async () => {
    const validator = await startValidator();
    const { recording, out } = await startRecording(validator.url, { maxBodyBytes: 100 });
    const res = await post(recording.url, approve);
    expect(res.status).toBe(200);
    await recording.stop('signal');
    const reader = openCaptureReader(out);
    const [exchange] = [...reader.exchanges()];
    reader.close();
    expect(exchange?.requestTruncated).toBe(true);
    expect(exchange?.requestBody.byteLength).toBe(100);
    expect(exchange?.response.kind === 'answer' && exchange.response.truncated).toBe(true);
  });
});
