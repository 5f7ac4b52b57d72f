// The interactive chart view: vega, vega-lite, vega-interpreter and vega-embed served by the app, loaded only on
// demand, rendering a chart's Vega-Lite spec with tooltips under the page's strict CSP; the PNG is the fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, cspViolations, openBrowser, uploadFile } from './helpers.mjs';

const VENDORED = ['vega.min.js', 'vega-lite.min.js', 'vega-interpreter.min.js', 'vega-embed.min.js'];

/** Uploads seattle-weather.csv, analyzes it for temperature and refines the monthly temp max story (a line chart). */
async function openTemperatureStory(page) {
  await page.goto(BASE_URL + '/');
  await uploadFile(page, join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  await page.getByLabel(/Focus on/).fill('temperature');
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();
  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: /^Maximum temperature peaks/ }) });
  assert.equal(await card.count(), 1, `a temp max story: ${(await page.locator('#story-cards .card-title').allInnerTexts()).join(' | ')}`);
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.locator('#story-title').waitFor({ state: 'visible' });
  await page.locator('#charts figure').first().waitFor();
}

test('InteractiveChart_LineChart_RendersMarksAndATooltipUnderTheCsp', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await openTemperatureStory(page);

  // Nothing of vega is loaded until a reader asks for it.
  assert.deepEqual(requested.filter((p) => VENDORED.some((v) => p.endsWith(v))), []);
  const figure = page.locator('#charts figure').first();
  const toggle = figure.getByRole('button', { name: /^Interactive chart:/ });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();

  const svg = figure.locator('.chart-interactive svg');
  await svg.waitFor();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.ok(await figure.locator('.chart-zoom').isHidden(), 'the PNG gives way to the interactive chart');
  assert.match(await figure.getByRole('status').innerText(), /zoom/, 'the status line says how to use it (the line chart zooms)');
  assert.deepEqual(VENDORED.filter((v) => !requested.some((p) => p === `/assets/${v}`)), [], 'every script came from the app');
  assert.ok(requested.some((p) => /\/charts\/[^/]+\/spec$/.test(p)), 'the spec was fetched');
  const points = figure.locator('.chart-interactive svg g.mark-symbol path');
  const count = await points.count();
  assert.ok(count >= 12, `a point per month: ${count}`);
  assert.equal(await figure.locator('.chart-interactive svg g.mark-line path').count(), 1, 'one line');

  // Hovering a point shows its values in the tooltip.
  const point = await points.nth(Math.floor(count / 2)).boundingBox();
  await page.mouse.move(point.x + point.width / 2, point.y + point.height / 2);
  const tooltip = page.locator('#vg-tooltip-element.visible');
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  assert.match(text, /date/);
  assert.match(text, /maximum temperature|temp max/i);
  assert.match(text, /\d{4}/);
  assert.doesNotMatch(text, /\d\.\d{5,}/, `numbers at six significant digits: ${text}`);

  // Zoom: the wheel over the plot changes the time axis' domain.
  const labelsBefore = await figure.locator('.chart-interactive svg .role-axis-label text').allInnerTexts();
  const plot = await svg.boundingBox();
  await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((before) => {
    const labels = [...document.querySelectorAll('#charts figure .chart-interactive svg .role-axis-label text')].map((n) => n.textContent);
    return labels.join('|') !== before;
  }, labelsBefore.join('|'));

  // Toggling back shows the PNG again; the focus stays on the toggle.
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.ok(await figure.locator('.chart-zoom').isVisible());
  assert.equal(await figure.locator('.chart-interactive').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('chart-interactive-toggle')), true);

  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(events.consoleErrors, []);
  assert.deepEqual(await cspViolations(page), []);
});

test('InteractiveChart_ScriptFailsToLoad_KeepsThePngAndSaysSo', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.route('**/assets/vega-embed.min.js', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await openTemperatureStory(page);

  const figure = page.locator('#charts figure').first();
  const toggle = figure.getByRole('button', { name: /^Interactive chart:/ });
  await toggle.click();
  const status = figure.getByRole('status');
  await page.waitForFunction(() => /could not be shown/.test(document.querySelector('#charts figure .chart-status')?.textContent ?? ''));
  assert.match(await status.innerText(), /vega-embed\.min\.js could not be loaded.*picture is shown instead/);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.ok(await figure.locator('.chart-zoom img').isVisible(), 'the PNG is still there');
  assert.equal(await figure.locator('.chart-interactive').count(), 0);
  assert.equal(await toggle.isEnabled(), true, 'the reader can try again');
  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(await cspViolations(page), []);
});
