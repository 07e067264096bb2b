import { createHash } from 'node:crypto';
import { request } from 'undici';
import { expect, test } from 'vitest';
import { openCaptureReader } from '../../src/store/index.js';
import { startRecording } from '../helpers/recording.js';
import { startEchoServer } from '../helpers/servers.js';

const CARD = '4539000000950289';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

test('the recorder stores a cut body’s whole length and SHA-256 of the bytes sent, and drops the hash where redaction changed the kept part', async () => {
  const echo = await startEchoServer();
  const { recording, out } = await startRecording(echo.url, { maxBodyBytes: 40 });
  const plain = `a plain body well past the forty bytes of the cap, ${'x'.repeat(200)}`;
  const withCard = `note: paid with card ${CARD}, and more text after it to be cut`;
  const short = 'under the cap';
  for (const body of [plain, withCard, short]) {
    const response = await request(`${recording.url}/echo`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
    expect(await response.body.text()).toBe(body);
  }
  await recording.stop('signal');

  const reader = openCaptureReader(out);
  const [a, b, c] = [...reader.exchanges()];
  reader.close();
  expect(a).toMatchObject({ requestTruncated: true, requestFullLength: plain.length, requestSha256: sha(plain), response: { truncated: true, fullLength: plain.length, sha256: sha(plain) } });
  // The card was replaced in the kept part: the length stays, the hash of the original goes.
  expect(b).toMatchObject({ requestTruncated: true, requestFullLength: withCard.length, response: { truncated: true, fullLength: withCard.length } });
  expect(b).not.toHaveProperty('requestSha256');
  expect(b?.response).not.toHaveProperty('sha256');
  expect(c).toMatchObject({ requestTruncated: false, response: { truncated: false } });
  expect(c).not.toHaveProperty('requestFullLength');
  expect(c?.response).not.toHaveProperty('fullLength');
});
