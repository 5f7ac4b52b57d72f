// An Excel workbook with several sheets (made by LibreOffice Calc, DataStoryBot.Tests/TestData/Workbooks): the page
// lists its sheets, marks the one read, and reads another one from the keyboard — a new session for that sheet, the
// superseded one deleted from the server. After a reload the page asks for the workbook again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, REPO_ROOT, openBrowser, screenshot, uploadFile } from './helpers.mjs';

const WORKBOOK = join(REPO_ROOT, 'DataStoryBot.Tests', 'TestData', 'Workbooks', 'libreoffice-sales.xlsx');

/** The sheet table as [name, rows, columns, state] per row, and the sheet marked as read. */
async function sheetTable(page) {
  const rows = await page.locator('#sheet-picker tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const current = await page.locator('#sheet-picker tbody tr[aria-current="true"] th').allInnerTexts();
  return { rows, current };
}

const columnNames = (page) => page.locator('#columns-table tbody th').allInnerTexts();
const session = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('dsb.session') ?? 'null'));

/** Status of GET /api/sessions/{id} with the session's own token (404 once it was deleted). */
async function sessionStatus(page, { id, token }) {
  return page.evaluate(async ([sid, tok]) => (await fetch(`/api/sessions/${encodeURIComponent(sid)}`, { headers: { Authorization: `Bearer ${tok}` } })).status, [id, token]);
}

/** axe-core's WCAG 2.1 A/AA rules on one part of the page: the violations, as "rule: target" lines. */
async function axeViolations(page, selector) {
  await page.evaluate(readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = await page.evaluate((sel) => window.axe.run(sel, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }), selector);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Presses Tab until the element matching `predicate` has focus (at most `limit` presses); returns the presses needed. */
async function tabTo(page, predicate, limit = 40) {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return i;
  }
  throw new Error('not reached with Tab');
}

test('Workbook_SeveralSheets_ListsThemAndReadsAnotherFromTheKeyboard', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  assert.match(await page.locator('#file-input').getAttribute('accept'), /\.xlsx/);

  await uploadFile(page, WORKBOOK);
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  const picker = page.getByRole('region', { name: 'Sheets in this workbook' });
  await picker.waitFor();
  assert.deepEqual(await sheetTable(page), {
    rows: [
      ['Sales', '7', '7', 'Being read'],
      ['Staff', '4', '4', 'Read this sheet'],
      ['Empty', '0', '0', 'No values'],
      ['Lookup', '2', '2', 'Read this sheet'],
    ],
    current: ['Sales'],
  });
  assert.equal(await picker.getByRole('button').count(), 2, 'no button for the sheet read nor for the empty one');
  assert.deepEqual(await columnNames(page), ['Region', 'Day', 'Units', 'Price', 'Revenue', 'Promo', 'Checked at']);
  assert.match(await page.locator('#sheets-hint').innerText(), /Reading “Sales”\. To read another sheet, choose it: .* deleted from the server\./);
  const first = await session(page);
  await screenshot(page, 'workbook-sheets.png', { fullPage: true });
  assert.deepEqual(await axeViolations(page, '#sheet-picker'), []);

  // From the heading the page focused after the upload, Tab reaches the Staff button; Enter reads that sheet.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-heading');
  await tabTo(page, () => document.activeElement?.getAttribute('aria-label') === 'Read this sheet: Staff');
  const uploads = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/api/upload')) uploads.push(new URL(r.url()).search); });
  await page.keyboard.press('Enter');

  await page.waitForFunction(() => document.querySelector('#sheet-picker tr[aria-current="true"] th')?.textContent === 'Staff');
  assert.deepEqual(uploads, ['?sheet=Staff']);
  assert.deepEqual(await columnNames(page), ['Name', 'Team', 'Started', 'Hours']);
  assert.equal((await sheetTable(page)).rows[0][3], 'Read this sheet');
  assert.equal((await sheetTable(page)).rows[1][3], 'Being read');
  assert.match(await page.locator('#profile-facts').innerText(), /Staff/);
  const notice = page.locator('#page-notice');
  await page.waitForFunction(() => /deleted from the server/.test(document.getElementById('page-notice')?.textContent ?? ''));
  assert.equal(await notice.innerText(), 'Now reading sheet “Staff”. The data of sheet “Sales” was deleted from the server.');
  assert.equal(await notice.getAttribute('role'), 'status');

  // A new session holds the new sheet; the one that held "Sales" is gone from the server.
  const second = await session(page);
  assert.notEqual(second.id, first.id);
  assert.equal(await sessionStatus(page, first), 404);
  assert.equal(await sessionStatus(page, second), 200);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-heading');
  assert.deepEqual(await axeViolations(page, '#sheet-picker'), []);
  assert.deepEqual(events.pageErrors, []);
});

test('Workbook_AfterReload_AsksForTheWorkbookAgainToReadAnotherSheet', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, WORKBOOK);
  await page.getByRole('region', { name: 'Sheets in this workbook' }).waitFor();
  const first = await session(page);

  await page.reload();
  await page.getByRole('region', { name: 'Sheets in this workbook' }).waitFor();
  assert.match(await page.locator('#sheets-hint').innerText(), /choose the workbook again/);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Read this sheet: Lookup' }).click(),
  ]);
  assert.match(await chooser.element().getAttribute('accept'), /\.xlsx/);
  await chooser.setFiles(WORKBOOK);

  await page.waitForFunction(() => document.querySelector('#sheet-picker tr[aria-current="true"] th')?.textContent === 'Lookup');
  assert.deepEqual(await columnNames(page), ['code', 'label']);
  await page.waitForFunction(() => /deleted from the server/.test(document.getElementById('page-notice')?.textContent ?? ''));
  assert.equal(await sessionStatus(page, first), 404);
  assert.equal(await page.locator('#sheet-picker input[type=file]').count(), 0, 'the temporary file input is gone');
  assert.deepEqual(events.pageErrors, []);
});

test('Workbook_SheetTheServerRefuses_ShowsTheProblemAndKeepsTheSheetRead', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, WORKBOOK);
  await page.getByRole('region', { name: 'Sheets in this workbook' }).waitFor();
  const first = await session(page);

  // The workbook changed on disk since the list was made: the server no longer finds the sheet (simulated by
  // renaming it in the request), answers 422, and the page keeps the current session.
  await page.route('**/api/upload?sheet=Staff', (route) => route.continue({ url: route.request().url().replace('sheet=Staff', 'sheet=Staff%20(old)') }));
  await page.getByRole('button', { name: 'Read this sheet: Staff' }).click();
  const problem = page.locator('#sheet-error');
  await problem.waitFor({ state: 'visible' });
  assert.equal(await problem.getAttribute('role'), 'alert');
  assert.equal(await problem.locator('.problem-title').innerText(), 'The sheet was not found');
  assert.match(await problem.locator('.problem-detail').innerText(), /no worksheet named "Staff \(old\)"\. Its worksheets are: "Sales", "Staff", "Empty", "Lookup"/);
  assert.deepEqual((await sheetTable(page)).current, ['Sales']);
  assert.equal(await page.getByRole('button', { name: 'Read this sheet: Staff' }).getAttribute('aria-disabled'), null, 'the buttons work again');
  assert.deepEqual(await session(page), first);
  assert.equal(await sessionStatus(page, first), 200);
  assert.deepEqual(events.pageErrors, []);
});

test('Workbook_SupersededSessionNotDeleted_SaysSoAndDeletesItOnRequest', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, WORKBOOK);
  await page.getByRole('region', { name: 'Sheets in this workbook' }).waitFor();
  const first = await session(page);

  // The delete of the superseded session fails once (storage briefly unavailable).
  const sessionUrl = `**/api/sessions/${first.id}`;
  await page.route(sessionUrl, (route) => (route.request().method() === 'DELETE'
    ? route.fulfill({ status: 503, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'urn:datastorybot:problem:storage-unavailable', title: 'Storage is unavailable', status: 503, detail: 'Try again in a minute.' }) })
    : route.continue()));
  await page.getByRole('button', { name: 'Read this sheet: Staff' }).click();
  await page.waitForFunction(() => /could not be deleted/.test(document.getElementById('page-notice')?.textContent ?? ''));
  const notice = page.locator('#page-notice');
  assert.match(await notice.innerText(), /^Now reading sheet “Staff”\. The data of the sheet read before could not be deleted from the server \(Storage is unavailable\)/);
  assert.match(await notice.getAttribute('class'), /\bwarn\b/);
  assert.deepEqual((await sheetTable(page)).current, ['Staff'], 'the new sheet is read all the same');
  assert.equal(await sessionStatus(page, first), 200, 'the old session is still there');

  await page.unroute(sessionUrl);
  await notice.getByRole('button', { name: 'Delete it now' }).click();
  await page.waitForFunction(() => /was deleted from the server/.test(document.getElementById('page-notice')?.textContent ?? ''));
  assert.equal(await notice.innerText(), 'The data of sheet “Sales” was deleted from the server.');
  assert.equal(await sessionStatus(page, first), 404);
  assert.deepEqual(events.pageErrors, []);
});
