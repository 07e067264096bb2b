import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ReportV1 } from '../../src/report/model.js';
import { formatCount } from '../../src/render/format.js';
import { htmlRenderer } from '../../src/render/html.js';
import { HOSTILE, sampleReport } from '../helpers/sample-report.js';
import { tmpDir } from '../helpers/tmp.js';

/** playwright-core downloads no browser: the system's Chromium is used, or the test is skipped. */
const executable = [process.env.PARITY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
if (!executable) {
  console.warn('html.browser.test.ts skipped: Chromium is missing. Install it (`apt-get install chromium`) or set PARITY_CHROMIUM to its executable.');
}
const browserTest = test.skipIf(!executable);

let browser: Browser | undefined;
let report: ReportV1;

beforeAll(async () => {
  if (!executable) return;
  report = await sampleReport();
  // CI runs as root, where Chromium refuses to start with its sandbox.
  browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The rendered report opened from a file, as a reviewer opens a CI artefact, with every error it logs. */
async function openReport(): Promise<{ page: Page; errors: string[] }> {
  if (!browser) throw new Error('Chromium did not start');
  const file = join(tmpDir(), 'report.html');
  writeFileSync(file, htmlRenderer.render(report, {}));
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors };
}

async function visibleGroups(page: Page): Promise<string[]> {
  return page.locator('#group-list > details.group:visible').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-category') ?? ''));
}

describe('the HTML report in Chromium', () => {
  browserTest('renders the summary: the verdict and the totals', async () => {
    const { page, errors } = await openReport();
    expect(await page.locator('#verdict').isVisible()).toBe(true);
    expect(await page.locator('#verdict').innerText()).toBe('MISMATCHES');
    expect(await page.locator('#total-compared').innerText()).toBe(formatCount(report.totals.compared));
    expect(await page.locator('#total-mismatched').innerText()).toBe(formatCount(report.totals.mismatched));
    expect(await page.locator('svg.histogram rect.series-candidate').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  browserTest('expands a group on a click and shows its diff; the hostile request body shows as text', async () => {
    const { page, errors } = await openReport();
    const group = page.locator('#group-0');
    const diff = group.locator('pre.diff').first();
    expect(await diff.isVisible()).toBe(false);
    await group.locator('summary').click();
    expect(await group.getAttribute('open')).not.toBeNull();
    expect(await diff.isVisible()).toBe(true);
    expect(await diff.textContent()).toBe(report.groups[0]?.examples[0]?.diff);
    expect(await group.locator('pre.request').first().textContent()).toContain(HOSTILE);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  browserTest('filters the groups by category and by endpoint', async () => {
    const { page, errors } = await openReport();
    const all = report.groups.map((g) => g.category);
    expect(await visibleGroups(page)).toEqual(all);
    const category = report.groups.at(-1)?.category ?? '';
    expect(new Set(all).size, 'the sample has groups of several categories').toBeGreaterThan(1);

    await page.selectOption('#filter-category', category);
    expect(await visibleGroups(page)).toEqual(all.filter((c) => c === category));
    expect(await page.locator('#filter-status').innerText()).toBe(`${all.filter((c) => c === category).length} of ${all.length} groups shown`);

    const endpoint = report.groups[0]?.endpoint ?? '';
    await page.selectOption('#filter-category', '');
    await page.selectOption('#filter-endpoint', endpoint);
    expect(await visibleGroups(page)).toEqual(report.groups.filter((g) => g.endpoint === endpoint).map((g) => g.category));

    await page.selectOption('#filter-endpoint', '');
    expect(await visibleGroups(page)).toEqual(all);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  browserTest('never runs the hostile strings of captured traffic', async () => {
    const { page, errors } = await openReport();
    for (const details of await page.locator('details').all()) await details.evaluate((d) => d.setAttribute('open', ''));
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#group-0 summary .signature').textContent()).toContain(HOSTILE);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
