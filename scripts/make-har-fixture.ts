/**
 * Regenerates test/fixtures/import/chromium.har: a real HAR written by Chromium (through
 * Playwright's recordHar) for the cases real files hold and the importer must take: a form post,
 * a multipart upload, a redirect, a gzip'd JSON answer and a binary image.
 *
 *   npx tsx scripts/make-har-fixture.ts [--chromium /usr/bin/chromium]
 *
 * Times and ports change from run to run; the tests assert only what does not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { chromium } from 'playwright-core';

const OUT = new URL('../test/fixtures/import/chromium.har', import.meta.url).pathname;
/** A 1x1 PNG: small, and not UTF-8. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function chromiumPath(): string {
  const flag = process.argv.indexOf('--chromium');
  if (flag >= 0 && process.argv[flag + 1]) return process.argv[flag + 1] as string;
  return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
}

const PAGE = `<!doctype html><title>fixture</title>
<form id="form" method="post" action="/form"><input name="card_holder" value="Ada Lovelace"><input name="note" value="a&b c"></form>
<script>
async function run() {
  const data = new FormData();
  data.append('kind', 'receipt');
  data.append('file', new Blob(['hello, multipart'], { type: 'text/plain' }), 'receipt.txt');
  // Bodies are read so the browser keeps them; a redirect's own body is never exposed to a page.
  await (await fetch('/upload', { method: 'POST', body: data })).text();
  await (await fetch('/old-place')).text();
  await (await fetch('/report.json')).json();
  await (await fetch('/pixel.png')).arrayBuffer();
  // The browser fetches bodies for the HAR after the fact: leaving the page at once loses them.
  await new Promise((resolve) => setTimeout(resolve, 300));
  document.getElementById('form').submit();
}
</script>`;

const app = express();
app.get('/', (_req, res) => void res.type('html').send(PAGE));
app.post('/form', express.urlencoded({ extended: false }), (req, res) => void res.json({ received: req.body as unknown }));
app.post('/upload', (req, res) => {
  let size = 0;
  req.on('data', (chunk: Buffer) => (size += chunk.length));
  req.on('end', () => void res.status(201).json({ uploaded: size }));
});
app.get('/old-place', (_req, res) => void res.redirect(302, '/new-place'));
app.get('/new-place', (_req, res) => void res.type('text/plain').send('moved here'));
app.get('/report.json', (_req, res) => {
  const body = gzipSync(JSON.stringify({ decision: 'approve', errors: [], items: Array.from({ length: 20 }, (_, i) => ({ i })) }));
  res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) }).end(body);
});
app.get('/pixel.png', (_req, res) => void res.type('png').send(PNG));

const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const dir = mkdtempSync(join(tmpdir(), 'parity-har-'));
const harPath = join(dir, 'chromium.har');
const browser = await chromium.launch({ executablePath: chromiumPath() });
try {
  const context = await browser.newContext({ recordHar: { path: harPath, content: 'embed' } });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await Promise.all([page.waitForURL(`${origin}/form`), page.evaluate('run()')]);
  await context.close(); // writes the HAR
} finally {
  await browser.close();
  server.close();
}
// Favicon probes are noise the browser adds on its own.
const har = JSON.parse(readFileSync(harPath, 'utf8')) as { log: { entries: { request: { url: string } }[] } };
har.log.entries = har.log.entries.filter((e) => !e.request.url.endsWith('/favicon.ico'));
writeFileSync(OUT, `${JSON.stringify(har, null, 1)}\n`);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`wrote ${OUT} (${har.log.entries.length} entries)\n`);
