import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import { request } from 'undici';
import { expect, test } from 'vitest';
import { replay } from '../../src/replay/runner.js';
import { startRecording } from '../helpers/recording.js';
import { startServer } from '../helpers/servers.js';

// A session API of another shape than the validator, on a server we did not write (express): a
// login that sets a signed session cookie, and an endpoint that answers 401 without it. Signed
// cookies need no server-side state, so a fresh instance (the candidate) accepts a recorded one.
const APP_SECRET = 'express-app-secret';
const SEAL_KEY = Buffer.alloc(32, 3);
const PASSWORD = 'correct-horse-battery-staple';

const sign = (user: string) => `${user}.${createHmac('sha256', APP_SECRET).update(user).digest('base64url')}`;

async function startSessionApp(): Promise<string> {
  const app = express();
  app.use(express.json());
  app.post('/login', (req, res) => {
    const { user, password } = req.body as { user?: string; password?: string };
    if (password !== PASSWORD || !user) return void res.status(403).json({ error: 'bad credentials' });
    res.cookie('session', sign(user), { httpOnly: true }).json({ ok: true, user });
  });
  app.get('/me', (req, res) => {
    const cookie = /(?:^|;\s*)session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const user = cookie?.split('.')[0];
    if (!cookie || !user || sign(user) !== cookie) return void res.status(401).json({ error: 'unauthenticated' });
    res.json({ user, plan: 'pro' });
  });
  return (await startServer(app)).url;
}

/** Logs in and reads /me through `url`, as a browser would: the cookie from the login goes back. */
async function session(url: string): Promise<number> {
  const login = await request(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'ada', password: PASSWORD }) });
  await login.body.dump();
  const setCookie = login.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
  const me = await request(`${url}/me`, { headers: { cookie } });
  await me.body.dump();
  return me.statusCode;
}

test('sealed credentials replay a cookie session with 200 where, removed, it answers 401', async () => {
  const legacy = await startSessionApp();
  const candidate = await startSessionApp();

  const runs = [];
  for (const sealKey of [SEAL_KEY, undefined]) {
    const { recording, out } = await startRecording(legacy, sealKey ? { sealKey } : {});
    expect(await session(recording.url)).toBe(200);
    await recording.stop('signal');
    const stored = readFileSync(out).toString('latin1');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(sign('ada'));
    runs.push({ sealKey, out });
  }
  const [sealed, removed] = runs as [(typeof runs)[number], (typeof runs)[number]];

  const options = { candidate: new URL(candidate), legacy: 'recorded' as const, order: 'global' as const, partitionKey: '$.user', concurrency: 1, timeoutMs: 5_000 };
  const withKey = await replay({ ...options, capture: sealed.out, sealKey: SEAL_KEY });
  expect(withKey.totals).toMatchObject({ compared: 2, matched: 2, credentials: { restored: 2, missing: 0 } });

  // The same sealed capture without the key, and a capture recorded without one: /me answers 401.
  for (const run of [{ ...options, capture: sealed.out }, { ...options, capture: removed.out, sealKey: SEAL_KEY }]) {
    const report = await replay(run);
    expect(report.totals.credentials.missing).toBe(2);
    expect(report.categories.status).toBe(2);
    expect(report.groups.map((g) => g.signature).join('\n')).toContain('GET /me');
  }
});
