// store_browser.mjs — drives the web page of `avocet serve` in Debian's
// chromium through playwright-core: loads the page, applies a filter,
// checks that map markers and table rows follow it, opens an event and
// checks the highlighted sentence, and saves a screenshot.
// usage: node store_browser.mjs URL SCREENSHOT.png
// Every request outside 127.0.0.1 is aborted (the page must work offline).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const [url, screenshot] = process.argv.slice(2);
const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exitCode = 1; };
const check = (cond, msg) => { if (!cond) throw new Error(msg); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' ? route.continue() : route.abort();
  });

  let loaded = '';
  const waitLoaded = async () => {
    await page.waitForFunction((prev) => document.body.dataset.loaded &&
      document.body.dataset.loaded !== prev, loaded, { timeout: 15000 });
    loaded = await page.evaluate(() => document.body.dataset.loaded);
  };
  const counts = () => page.evaluate(() => ({
    rows: document.querySelectorAll('#events tbody tr').length,
    markers: document.querySelectorAll('path.event-marker').length,
    mapCount: Number(document.getElementById('map').dataset.markers),
    sources: [...document.querySelectorAll('#events tbody tr td:nth-child(2)')].map((t) => t.textContent),
    outlines: document.querySelectorAll('.leaflet-overlay-pane path:not(.event-marker)').length,
    bars: document.querySelectorAll('#timeline rect').length,
  }));

  await page.goto(url);
  await waitLoaded();
  const all = await counts();
  console.log('unfiltered', JSON.stringify(all));
  check(all.rows === 6, `expected 6 table rows, got ${all.rows}`);
  check(all.markers === 6 && all.mapCount === 6, `expected 6 markers, got ${all.markers}`);
  check(all.outlines > 100, `country outlines missing (${all.outlines})`);
  check(all.bars >= 4, `timeline has ${all.bars} bars`);

  await page.fill('input[name=source]', 'egy');
  await page.click('button[type=submit]');
  await waitLoaded();
  const egy = await counts();
  console.log('source=EGY', JSON.stringify(egy));
  check(egy.rows === 2, `expected 2 rows for source EGY, got ${egy.rows}`);
  check(egy.sources.every((s) => s === 'EGY'), `rows not all EGY: ${egy.sources}`);
  check(egy.markers === 2, `expected 2 markers for source EGY, got ${egy.markers}`);

  await page.fill('input[name=from]', '2026-05-05');
  await page.click('button[type=submit]');
  await waitLoaded();
  const later = await counts();
  check(later.rows === 1 && later.markers === 1, `date filter: ${JSON.stringify(later)}`);

  await page.click('#events tbody tr');
  await page.waitForSelector('#detail:not([hidden]) mark.trigger', { timeout: 10000 });
  const marks = await page.evaluate(() => ({
    trigger: document.querySelector('#reports mark.trigger').textContent,
    source: document.querySelector('#reports mark.actor-source').textContent,
    target: document.querySelector('#reports mark.actor-target').textContent,
    sentence: document.querySelector('#reports .sentence').textContent,
  }));
  console.log('event', JSON.stringify(marks));
  check(marks.sentence === 'Egypt criticized Israel.', `sentence: ${marks.sentence}`);
  check(marks.trigger === 'criticized', `trigger: ${marks.trigger}`);
  check(marks.source === 'Egypt' && marks.target === 'Israel', `actors: ${marks.source}/${marks.target}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  check(errors.length === 0, `page errors: ${errors.join('; ')}`);
  console.log(`ok; screenshot ${screenshot}`);
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}
