import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { expect, test } from 'vitest';
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
