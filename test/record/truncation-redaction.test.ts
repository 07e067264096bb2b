import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { request } from 'undici';
import { expect, onTestFinished, test } from 'vitest';
import { TRUNCATION_LOOKAHEAD } from '../../src/record/capped-body.js';
import { openCaptureReader } from '../../src/store/index.js';
import { startRecording } from '../helpers/recording.js';
import { startEchoServer } from '../helpers/servers.js';

const CARD = '4539000000950289';

test('a card number that crosses --max-body is redacted whole before the body is cut: no digit run of it reaches the capture', async () => {
  const echo = await startEchoServer();
  const { recording, out } = await startRecording(echo.url, { maxBodyBytes: 40 });
  // The card starts at byte 28: the cap (40) falls after its 12th digit, in the request and in the echo.
  const body = `note: paid with card number ${CARD} and more text after it to be cut`;
  const response = await request(`${recording.url}/pay`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  expect(await response.body.text()).toBe(body);
  await recording.stop('signal');
  const stored = readFileSync(out).toString('latin1');
  // The surrogate keeps the BIN (8 digits): what must not be there is the rest of the number.
  expect(stored).not.toContain(CARD.slice(0, 12));
  expect(stored).not.toContain(CARD.slice(8));
  expect(stored).toMatch(/note: paid with card number 45390000/);
});

test('a JSON answer from fastify cut where a string holds an escaped backslash is still redacted as JSON: its configured mask path applies', async () => {
  const files = Array.from({ length: 40 }, (_, i) => `C:\\Users\\ada\\reports\\${i}.pdf`);
  const text = JSON.stringify({ owner: 'Ada Lovelace', files });
  const app = Fastify();
  app.get('/files', async (_req, reply) => reply.type('application/json').send(text));
  await app.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => app.close());
  // The recorder holds the cap plus TRUNCATION_LOOKAHEAD bytes: make what it holds end just after an escaped backslash (`\\` in the JSON text).
  const held = text.indexOf('\\\\', 300) + 2;
  const { recording, out } = await startRecording(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, {
    maxBodyBytes: held - TRUNCATION_LOOKAHEAD,
    redaction: { maskPaths: ['$.owner'] },
  });
  const response = await request(`${recording.url}/files`);
  expect(await response.body.text()).toBe(text);
  await recording.stop('signal');

  const reader = openCaptureReader(out);
  const [exchange] = [...reader.exchanges()];
  reader.close();
  const stored = exchange?.response.kind === 'answer' ? Buffer.from(exchange.response.body).toString('utf8') : '';
  expect(exchange?.response).toMatchObject({ truncated: true });
  expect(stored).toBe(text.slice(0, held - TRUNCATION_LOOKAHEAD).replace('Ada Lovelace', '************'));
});
