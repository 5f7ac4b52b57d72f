// What the page does with bad input: upload problems in plain words next to the file, and data that carries HTML
// or script shown as text without running anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, cspViolations, loadedImages, openBrowser, uploadFile, xssCsv } from './helpers.mjs';

test('Upload_PngImage_ShowsNotACsvInPlainWordsNextToTheFile', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');

  await uploadFile(page, join(DATA_DIR, '7zip.png'));
  const error = page.locator('#upload-error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await page.locator('#upload-name').innerText(), '7zip.png');
  assert.equal(await error.locator('.problem-title').innerText(), 'The file is not a CSV');
  const detail = await error.locator('.problem-detail').innerText();
  assert.match(detail, /PNG image/);
  assert.match(detail, /Export the data as CSV/);
  const shown = await error.innerText();
  assert.doesNotMatch(shown, /[{}"]|urn:|status|traceId/, 'no raw JSON or problem fields on screen');
  assert.ok(await page.locator('#upload-progress').isHidden());
  assert.ok(await page.locator('#profile-section').isHidden(), 'no session view for a rejected file');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('dsb.session')), null);

  // The offered next step opens the picker; a header-only CSV is refused with its own reason.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), error.getByRole('button', { name: 'Choose another file' }).click()]);
  await chooser.setFiles({ name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n') });
  await page.waitForFunction(() => document.querySelector('#upload-error .problem-title')?.textContent === 'The file has no data rows');
  assert.match(await error.locator('.problem-detail').innerText(), /no data rows/);
  assert.equal(await page.locator('#upload-name').innerText(), 'header-only.csv');

  assert.deepEqual(events.pageErrors, []);
});

test('XssCsv_HeaderAndCellsWithHtml_ShownAsTextAndNothingRuns', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  const payload = '<img src=x onerror=alert(1)>';
  const payload2 = '<img src=y onerror=window.__xss=1>';
  await page.goto(BASE_URL + '/');

  await uploadFile(page, { name: '<b>xss</b>.csv', mimeType: 'text/csv', buffer: xssCsv() });
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  await page.getByRole('rowheader', { name: payload, exact: true }).waitFor();
  await page.getByRole('rowheader', { name: payload2, exact: true }).waitFor();
  await page.locator('#sample-details summary').click();
  await page.getByRole('cell', { name: '<script>window.__xss=2</script>', exact: true }).first().waitFor();

  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();
  const titles = await page.locator('#story-cards .card-title').allInnerTexts();
  assert.ok(titles.some((title) => title.includes(payload)), `a story title names the column as text: ${titles.join(' | ')}`);

  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: payload }) }).first();
  const title = await card.locator('.card-title').innerText();
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.waitForFunction((t) => document.getElementById('story-title')?.textContent === t, title);
  await loadedImages(page, '#charts');
  await page.locator('#narrative p').first().waitFor();
  assert.ok((await page.locator('#narrative').innerText()).includes(payload), 'the narrative shows the column name as text');
  assert.ok((await page.locator('#charts figcaption').allInnerTexts()).some((c) => c.includes('<img src=')), 'chart captions show it as text');

  // The interactive view draws the same names as SVG text, and its tooltips escape them (quotes included).
  const figure = page.locator('#charts figure').first();
  await figure.getByRole('button', { name: /^Interactive chart:/ }).click();
  await figure.locator('.chart-interactive svg').waitFor();
  const mark = figure.locator('.chart-interactive svg :is(g.mark-symbol, g.mark-rect) path').nth(2);
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#vg-tooltip-element.visible').waitFor();
  assert.match(await page.locator('#vg-tooltip-element').innerText(), /<img src=/, 'the tooltip shows the column name as text');
  assert.equal(await page.locator('#vg-tooltip-element img, #vg-tooltip-element b').count(), 0);

  // Nothing from the data became an element or ran.
  assert.equal(await page.locator('img[src="x"], img[src="y"], img[src="z"]').count(), 0);
  assert.equal(await page.locator('main b, main script').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(events.dialogs, []);
  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(await cspViolations(page), [], 'nothing even tried to run inline');
});

test('RenderMarkdown_HtmlEmphasisAndLists_BuildsElementsWithTextOnly', async (t) => {
  const { page, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  const result = await page.evaluate(async () => {
    const { renderMarkdown } = await import('/assets/markdown.js');
    const source = [
      '# The title', '', 'Intro with **bold <b>x</b>** and *it* and `code <i>` and temp_max_min and window.__xss=1 <img src=q onerror=alert(1)>.',
      '', '## Caveats', '', '- first **point**', '- second', '', '3. third', '4. fourth', '', '[link](javascript:alert(1))',
    ].join('\n');
    const host = document.createElement('div');
    host.append(renderMarkdown(source, { skipTitle: 'The title' }));
    return {
      tags: [...host.querySelectorAll('*')].map((n) => n.localName),
      text: host.textContent,
      strong: [...host.querySelectorAll('strong')].map((n) => n.textContent),
      olStart: host.querySelector('ol')?.start,
    };
  });
  assert.deepEqual(result.tags, ['p', 'strong', 'em', 'code', 'h3', 'ul', 'li', 'strong', 'li', 'ol', 'li', 'li', 'p']);
  assert.deepEqual(result.strong, ['bold <b>x</b>', 'point']);
  assert.ok(result.text.includes('temp_max_min and window.__xss=1 <img src=q onerror=alert(1)>.'), result.text);
  assert.ok(result.text.includes('code <i>'));
  assert.ok(result.text.includes('[link](javascript:alert(1))'), 'links stay literal text');
  assert.ok(!result.text.includes('The title'), 'the title heading is not repeated');
  assert.equal(result.olStart, 3);
});

test('Upload_FileOverTheLimit_SaysTooLargeWithTheLimit', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  const uploads = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/upload')) uploads.push(request.url());
  });

  // Just over the 50 MB limit (playwright passes files this large by path).
  const dir = mkdtempSync(join(tmpdir(), 'dsb-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'big.csv');
  writeFileSync(path, Buffer.alloc(50 * 1024 * 1024 + 1024, 'a,b\n1,2\n'));
  await uploadFile(page, path);
  const error = page.locator('#upload-error');
  await error.waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await error.locator('.problem-title').innerText(), 'The file is too large');
  assert.match(await error.locator('.problem-detail').innerText(), /50 MB/);
  assert.doesNotMatch(await error.innerText(), /reach|network|connection/i);
  assert.ok(await page.locator('#profile-section').isHidden());
  assert.equal(await page.locator('#upload-name').innerText(), 'big.csv');
  assert.deepEqual(uploads, [], 'the page refuses the file before sending 50 MB');
  assert.deepEqual(events.pageErrors, []);
});
