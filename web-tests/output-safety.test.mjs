// Issue 23, items 9 and 10: a column named `image` (or `title`) never becomes markup in the interactive chart's tooltip
// (vega-tooltip's default formatter renders a tooltip key `image` as <img src=value>, which the browser fetches, and
// `title` as a heading; the server keys its specs by role and the page formats every key as a row of text), and the
// story zip's story.md holds values from the data as literal text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_URL, cspViolations, downloadBytes, openBrowser, readZip, uploadFile } from './helpers.mjs';

const TRAP = 'https://127.0.0.1:1/';

/** A CSV of four groups in a category column with a measure that differs sharply between them (a "differs by" story). */
function groupsCsv(dir, header, groups) {
  const lines = [header];
  for (let i = 0; i < 240; i++) {
    const g = i % 4;
    lines.push(`${groups[g]},${((g + 1) * 100 + ((i * 37) % 201) - 100).toFixed(1)}`);
  }
  const path = join(dir, 'groups.csv');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Uploads the file, finds its stories and writes the one whose title matches; waits for its charts. */
async function writeStory(page, path, title) {
  await page.goto(BASE_URL + '/');
  await uploadFile(page, path);
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').first().waitFor();
  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: title }) });
  assert.equal(await card.count(), 1, `a story ${title}: ${(await page.locator('#story-cards .card-title').allInnerTexts()).join(' | ')}`);
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.locator('#story-title').waitFor({ state: 'visible' });
  await page.locator('#charts figure').first().waitFor();
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

  // A category column named `image` whose values are image URLs, measured by a column named `title`.
  await writeStory(page, groupsCsv(dir, 'image,title', ['a', 'b', 'c', 'd'].map((g) => `${TRAP}${g}.png`)), /by image/);

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

test('StoryZip_CategoryValuesArePayloads_StoryMdHoldsThemAsLiteralText', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dsb-payloads-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { page, events, close } = await openBrowser();
  t.after(close);
  const payloads = [`![a](${TRAP}a.png)`, '[b](javascript:alert(1))', `<img src=${TRAP}c.png onerror=alert(1)>`, '<script>alert(1)</script>'];
  await writeStory(page, groupsCsv(dir, 'label,sales', payloads), /by label/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download story (.zip)' }).click()]);
  const story = readZip(await downloadBytes(download)).get('story.md').data.toString('utf8');

  // The zip's own links (charts, their data and specs, the dataset) are the only brackets and nothing is raw HTML:
  // every other '[', ']' and '<' is escaped, so no value from the data links, embeds or runs anything.
  const own = /!?\[(?:[^\]\\]|\\.)*\]\((?:charts\/chart-\d+\.(?:png|csv|vl\.json)|dataset\.csv)\)/g;
  const rest = story.replace(own, '');
  const raw = [...rest.matchAll(/(?<!\\)[<[\]]/g)].map((m) => rest.slice(Math.max(0, m.index - 30), m.index + 30));
  assert.deepEqual(raw, [], 'unescaped brackets or HTML in story.md');
  assert.ok(story.match(own).length >= 3, 'the charts are linked');
  // …and the values are all there, as text.
  const text = story.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  for (const p of payloads) assert.ok(text.includes(p), `${p} in story.md`);
  assert.equal(await page.locator('#narrative img, #narrative script, #narrative a').count(), 0, 'the page shows them as text too');
  assert.deepEqual(events.dialogs, []);
  assert.deepEqual(events.pageErrors, []);
});
