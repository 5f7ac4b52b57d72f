// Issue 23, item 9: a column named `image` (or `title`) never becomes markup in the interactive chart's tooltip.
// vega-tooltip's default formatter renders a tooltip key `image` as <img src=value> (the browser fetches it) and `title`
// as a heading; the server keys its specs by role and the page formats every key as a row of text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_URL, cspViolations, openBrowser, uploadFile } from './helpers.mjs';

const TRAP = 'https://127.0.0.1:1/';

/** A CSV whose category column is named `image` (values are image URLs) and whose measure is named `title`. */
function imageCsv(dir) {
  const lines = ['image,title'];
  for (let i = 0; i < 240; i++) {
    const g = i % 4;
    lines.push(`${TRAP}${'abcd'[g]}.png,${((g + 1) * 100 + ((i * 37) % 21) - 10).toFixed(1)}`);
  }
  const path = join(dir, 'images.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Points at the chart's marks one after another until the tooltip shows; returns its HTML and text. */
async function hoverUntilTooltip(page, figure) {
  const marks = figure.locator('.chart-interactive svg g[class*="mark-"] path');
  const count = await marks.count();
  assert.ok(count > 0, 'the chart drew marks');
  const tooltip = page.locator('#vg-tooltip-element.visible');
  for (let i = 0; i < count; i++) {
    const box = await marks.nth(i).boundingBox();
    if (!box || box.width * box.height === 0) continue;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    if (await tooltip.waitFor({ timeout: 1500 }).then(() => true, () => false)) {
      return { html: await tooltip.innerHTML(), text: await tooltip.innerText() };
    }
  }
  throw new Error('no mark showed a tooltip');
}

async function assertNoMarkupFromData(page, figure, what) {
  const { html, text } = await hoverUntilTooltip(page, figure);
  assert.ok(text.includes(TRAP), `${what}: the URL is in the tooltip as text: ${text}`);
  assert.doesNotMatch(html, /<img|<h2|<a\b/i, `${what}: ${html}`);
  assert.equal(await page.locator('#vg-tooltip-element img, #vg-tooltip-element h2').count(), 0, what);
  await page.mouse.move(1, 1);
  return text;
}

test('InteractiveChart_ColumnNamedImage_RendersNoImageAndFetchesNothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dsb-images-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { context, page, events, close } = await openBrowser();
  t.after(close);
  const trapped = [];
  context.on('request', (request) => {
    if (request.url().startsWith(TRAP)) trapped.push(request.url());
  });

  await page.goto(BASE_URL + '/');
  await uploadFile(page, imageCsv(dir));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').first().waitFor();
  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: /by image/ }) });
  assert.equal(await card.count(), 1, `a story by image: ${(await page.locator('#story-cards .card-title').allInnerTexts()).join(' | ')}`);
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.locator('#story-title').waitFor({ state: 'visible' });
  await page.locator('#charts figure').first().waitFor();

  const figures = page.locator('#charts figure', { has: page.getByRole('button', { name: /^Interactive chart:/ }) });
  const n = await figures.count();
  assert.ok(n >= 2, `interactive charts: ${n}`);

  // The last chart gets a spec that does use the reserved keys (as a data column's raw name would make them); the
  // page fetches a spec once, so the route is in place before any is fetched.
  let routed = 0;
  await page.route(new RegExp(`/charts/chart-${n}/spec$`), (route) => {
    routed++;
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        width: 'container',
        height: 200,
        data: { values: [{ image: `${TRAP}z.png`, title: 'Heading?', n: 3 }, { image: `${TRAP}y.png`, title: '<b>b</b>', n: 5 }] },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'image', type: 'nominal' },
          y: { field: 'n', type: 'quantitative' },
          tooltip: [{ field: 'image', type: 'nominal' }, { field: 'title', type: 'nominal' }, { field: 'n', type: 'quantitative' }],
        },
      }),
    });
  });

  // The other charts as the server wrote their specs: the image URLs are tooltip text.
  for (let i = 0; i < n - 1; i++) {
    const figure = figures.nth(i);
    const toggle = figure.getByRole('button', { name: /^Interactive chart:/ });
    await toggle.click();
    await figure.locator('.chart-interactive svg').waitFor();
    await assertNoMarkupFromData(page, figure, `chart ${i + 1}`);
    await toggle.click();
  }

  // The page renders the reserved keys as text rows too.
  const last = figures.nth(n - 1);
  await last.getByRole('button', { name: /^Interactive chart:/ }).click();
  await last.locator('.chart-interactive svg').waitFor();
  assert.equal(routed, 1, 'the spec keyed image and title was served');
  const text = await assertNoMarkupFromData(page, last, 'a spec keyed image and title');
  assert.match(text, /[yz]\.png/);
  assert.equal(await page.locator('#vg-tooltip-element b').count(), 0);

  assert.deepEqual(trapped, [], 'no request to the URLs in the data');
  assert.deepEqual((await cspViolations(page)).filter((v) => v.includes('127.0.0.1:1')), []);
  assert.deepEqual(events.pageErrors, []);
});
