// The whole flow in a real browser on a real CSV: upload → profile → analyze → three cards → refine → the story
// with its charts loaded, a PNG and a ZIP download that work, the lightbox, going back, and a phone-width layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, PNG_SIGNATURE, cspViolations, downloadBytes, loadedImages, openBrowser, readZip, screenshot, uploadFile } from './helpers.mjs';

test('FullFlow_SeattleWeather_StoryWithLoadedChartsAndWorkingDownloads', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.addInitScript(() => {
    window.__progressValues = [];
    addEventListener('DOMContentLoaded', () => {
      const bar = document.getElementById('upload-progress');
      new MutationObserver(() => window.__progressValues.push(Number(bar.value))).observe(bar, { attributes: true, attributeFilter: ['value'] });
    });
  });
  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Turn a CSV into a data story' }).waitFor();

  // Upload with the picker: the profile follows, with rows, typed columns and the sample as text.
  await uploadFile(page, join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  const facts = await page.locator('#profile-facts').innerText();
  assert.match(facts, /Rows\s+1,461/i);
  assert.match(facts, /Columns\s+6/i);
  assert.equal(await page.locator('#columns-table tbody tr').count(), 6);
  const tempMax = page.locator('#columns-table tbody tr', { has: page.getByRole('rowheader', { name: 'temp_max', exact: true }) });
  assert.equal(await tempMax.locator('.type').innerText(), 'Number');
  // Roles from the profile: the measure and the time axis.
  assert.equal(await tempMax.locator('.role').innerText(), 'Measure');
  const date = page.locator('#columns-table tbody tr', { has: page.getByRole('rowheader', { name: 'date', exact: true }) });
  assert.equal(await date.locator('.role').innerText(), 'Time');
  assert.ok((await page.evaluate(() => window.__progressValues)).includes(100), 'the upload progress bar reached 100%');
  assert.equal(await page.locator('#session-file').innerText(), 'seattle-weather.csv');

  // Analyze from the keyboard: focus box → Tab → Enter on the labelled button.
  const steering = page.getByLabel(/Focus on/);
  await steering.fill('temperature');
  await steering.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'analyze-button');
  await page.keyboard.press('Enter');
  await page.locator('#analyze-job').waitFor({ state: 'visible' });
  await page.getByRole('heading', { name: 'Pick a story' }).waitFor();
  await page.locator('#story-cards > li').nth(2).waitFor();
  assert.equal(await page.locator('#story-cards > li').count(), 3);
  assert.ok(await page.locator('#analyze-job').isHidden(), 'the progress panel goes away when the job is done');
  const titles = await page.locator('#story-cards .card-title').allInnerTexts();
  assert.equal(new Set(titles).size, 3);
  titles.forEach((title) => assert.ok(title.length > 10, `a real title: ${title}`));
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'screenshot-stories.png', { fullPage: true });

  // Pick the first card: refine runs, then the story shows its narrative and charts.
  const firstCard = page.locator('#story-cards > li').first();
  await firstCard.getByRole('button', { name: 'Write this story' }).click();
  const storyTitle = page.locator('#story-title');
  await storyTitle.waitFor({ state: 'visible' });
  assert.equal(await storyTitle.innerText(), titles[0]);
  const images = await loadedImages(page, '#charts');
  assert.ok(images.length >= 1);
  images.forEach((img) => {
    assert.ok(img.width > 100 && img.height > 100, `chart bitmap ${img.width}x${img.height}`);
    assert.ok(img.src.startsWith('blob:'), 'charts are fetched with the token and shown from blob: URLs');
  });
  await page.locator('#narrative p').first().waitFor();
  assert.ok((await page.locator('#narrative p').count()) >= 2);
  assert.ok((await page.locator('#narrative').innerText()).length > 200);
  assert.equal(await page.locator('#narrative h3', { hasText: 'Caveats' }).count(), 1, 'a ## heading renders as a heading');
  assert.equal(await page.locator('#narrative :is(h1, h2)').count(), 0, 'the narrative title is not repeated');

  // A chart's PNG download is a real PNG.
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download PNG/ }).first().click()]);
  assert.match(pngDownload.suggestedFilename(), /\.png$/);
  const png = await downloadBytes(pngDownload);
  assert.ok(png.length > 1000);
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);

  // Every chart's alt text is the description computed from what it plots, not just its title.
  const alts = await page.locator('#charts img').evaluateAll((imgs) => imgs.map((img) => img.alt));
  const captions = await page.locator('#charts .chart-caption').allInnerTexts();
  alts.forEach((alt, i) => {
    assert.match(alt, /^(Line chart|Bar chart|Pareto chart|Scatter plot|Histogram|Box plot) of /, `alt text from the data: ${alt}`);
    assert.notEqual(alt, captions[i]);
  });

  // The data behind a chart downloads as CSV, beside its PNG.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download the plotted data as CSV/ }).first().click()]);
  assert.match(csvDownload.suggestedFilename(), /-data\.csv$/);
  const csvLines = (await downloadBytes(csvDownload)).toString('utf8').trimEnd().split('\r\n');
  assert.ok(csvLines.length >= 3, `a header and plotted rows: ${csvLines.length} lines`);
  assert.ok(csvLines[0].split(',').length >= 2, `a header of at least two columns: ${csvLines[0]}`);
  // Keyboard only: Tab from a chart's PNG link reaches its data button, and Enter downloads the same CSV.
  await page.getByRole('link', { name: /^Download PNG/ }).first().focus();
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^Download the plotted data as CSV/);
  const [keyboardCsv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal((await downloadBytes(keyboardCsv)).toString('utf8').split('\r\n')[0], csvLines[0]);

  // The whole story: a ZIP with the Markdown and every chart alongside.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download story (.zip)' }).click()]);
  assert.match(zipDownload.suggestedFilename(), /\.zip$/);
  const entries = readZip(await downloadBytes(zipDownload));
  const markdown = entries.get('story.md')?.data.toString('utf8') ?? '';
  assert.ok(markdown.startsWith(`# ${titles[0]}`), 'story.md starts with the narrative');
  const chartEntries = [...entries.keys()].filter((name) => name.startsWith('charts/') && name.endsWith('.png'));
  assert.equal(chartEntries.length, images.length);
  for (const name of chartEntries) {
    assert.deepEqual(entries.get(name).data.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(markdown.includes(`](${name})`), `story.md links ${name}`);
    const data = name.replace(/\.png$/, '.csv');
    const spec = name.replace(/\.png$/, '.vl.json');
    assert.ok(entries.get(data)?.data.length > 0, `the zip holds ${data}`);
    assert.ok(markdown.includes(`](${data})`), `story.md links ${data}`);
    assert.equal(JSON.parse(entries.get(spec).data.toString('utf8'))['$schema'], 'https://vega.github.io/schema/vega-lite/v5.json');
  }
  alts.forEach((alt) => assert.ok(markdown.includes(alt.replace(/[[\]\\*_`<>]/g, (c) => `\\${c}`)), `story.md carries the alt text: ${alt}`));

  // Click a chart to enlarge it; Escape closes the dialog.
  await page.locator('.chart-zoom').first().click();
  await page.locator('#lightbox').waitFor({ state: 'visible' });
  assert.ok(await page.locator('#lightbox-image').evaluate((img) => img.complete && img.naturalWidth > 0));
  await page.keyboard.press('Escape');
  await page.locator('#lightbox').waitFor({ state: 'hidden' });

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'screenshot-story.png', { fullPage: true });

  // Back to the cards: the refined one reads "Read this story"; another one can be refined.
  await page.getByRole('button', { name: 'All stories' }).click();
  await page.getByRole('heading', { name: 'Pick a story' }).waitFor();
  assert.equal(await firstCard.getByRole('button').innerText(), 'Read this story');
  await page.locator('#story-cards > li').nth(1).getByRole('button', { name: 'Write this story' }).click();
  await page.waitForFunction((t) => document.getElementById('story-title')?.textContent === t, titles[1]);
  await loadedImages(page, '#charts');

  // A phone-width screen: nothing is wider than the viewport.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);

  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(events.dialogs, []);
  assert.deepEqual(await cspViolations(page), []);
});

test('DragAndDrop_CsvWithRepeatedColumnName_UploadsAndShowsTheWarning', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  const rows = ['region,sales,sales'];
  for (let i = 0; i < 40; i++) rows.push(`${['North', 'South'][i % 2]},${i},${i * 2}`);
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return transfer;
  }, rows.join('\n') + '\n');

  await page.dispatchEvent('#dropzone', 'dragenter', { dataTransfer });
  assert.ok(await page.locator('#dropzone.over').isVisible(), 'the drop zone highlights while a file is over it');
  await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  assert.ok(await page.locator('#dropzone.over').count() === 0);
  assert.equal(await page.locator('#session-file').innerText(), 'dropped.csv');
  const warnings = page.getByRole('list', { name: 'Warnings about this file' });
  assert.match(await warnings.innerText(), /repeats the name "sales"/);
  assert.match(await page.locator('#profile-facts').innerText(), /Rows\s+40/i);
  assert.deepEqual(events.pageErrors, []);
});

test('Refine_StoryAboutASubset_DatasetDownloadHasExactlyThoseRows', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  // 20 stores with 10 rows each; store S07 sells far more than the others.
  const rows = ['store,region,sales,visits'];
  for (let i = 0; i < 200; i++) {
    const store = `S${String(i % 20).padStart(2, '0')}`;
    const sales = 100 + ((i * 37) % 21) - 10 + (store === 'S07' ? 120 : 0);
    rows.push(`${store},${['North', 'South', 'East', 'West'][i % 4]},${sales}.5,${50 + ((i * 53) % 100)}`);
  }
  await uploadFile(page, { name: 'stores.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();

  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: 'S07' }) });
  assert.equal(await card.count(), 1, `one story is about S07: ${(await page.locator('#story-cards .card-title').allInnerTexts()).join(' | ')}`);
  const title = await card.locator('.card-title').innerText();
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.waitForFunction((t) => document.getElementById('story-title')?.textContent === t, title);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Dataset (.csv)' }).click()]);
  assert.match(download.suggestedFilename(), /-data\.csv$/);
  const lines = (await downloadBytes(download)).toString('utf8').trim().split(/\r?\n/);
  assert.equal(lines[0], 'store,region,sales,visits');
  const expected = rows.slice(1).filter((row) => row.startsWith('S07,'));
  assert.deepEqual(lines.slice(1), expected, 'exactly the S07 rows, as uploaded');
  assert.deepEqual(events.pageErrors, []);
});
