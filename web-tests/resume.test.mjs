// The session lives in the tab: a reload in the middle of an analysis resumes polling the same job, a reload on a
// story shows it again, and "Delete my data" removes the session on the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, loadedImages, openBrowser, salesCsv, uploadFile } from './helpers.mjs';

test('Reload_DuringAnalysis_ResumesPollingTheSameJob', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, { name: 'sales.csv', mimeType: 'text/csv', buffer: salesCsv(300_000) });
  await page.getByRole('heading', { name: 'Your file' }).waitFor();

  // Hold every job-status request until released, so the page is certainly mid-poll when it reloads.
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const jobRequests = [];
  await page.route('**/api/jobs/**', async (route) => {
    jobRequests.push(new URL(route.request().url()).pathname);
    await gate;
    await route.continue().catch(() => {}); // requests of the unloaded page are gone
  });
  const analyzePosts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/analyze')) analyzePosts.push(request.url());
  });

  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#analyze-job').waitFor({ state: 'visible' });
  await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('dsb.job') ?? 'null')?.url);
  const job = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dsb.job')));
  assert.equal(job.phase, 'analyze');
  await waitUntil(() => jobRequests.length >= 1);
  const before = jobRequests.length;

  await page.reload();
  const panel = page.locator('#analyze-job');
  await panel.waitFor({ state: 'visible' });
  await waitUntil(() => jobRequests.length > before);
  assert.equal(await panel.getByRole('status').innerText(), 'Reconnecting to your analysis…');
  assert.match(await panel.locator('.job-elapsed').innerText(), /^\d+:\d\d$/);
  // (The label depends on whether the server already has stories, so find the button by id.)
  assert.ok(await page.locator('#analyze-button').isDisabled(), 'no second analysis while one runs');
  assert.deepEqual([...new Set(jobRequests)], [job.url], 'only the saved job is polled');
  assert.equal(analyzePosts.length, 1, 'the reload did not start another analysis');

  const firstAnswer = page.waitForResponse((r) => r.url().endsWith(job.url));
  release();
  t.diagnostic(`first job status after the reload: ${(await firstAnswer).status()} (202 = the server was still analyzing)`);
  await panel.waitFor({ state: 'hidden' });
  await page.locator('#story-cards > li').nth(2).waitFor();
  assert.equal(await page.locator('#story-cards > li').count(), 3);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('dsb.job')), null);
  assert.equal(analyzePosts.length, 1);
  assert.deepEqual(events.pageErrors, []);
});

test('Reload_OnStory_ShowsItAgain_ThenDeleteMyDataRemovesTheSession', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, join(DATA_DIR, 'iowa-electricity.csv'));
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();
  await page.locator('#story-cards > li').first().getByRole('button', { name: 'Write this story' }).click();
  await loadedImages(page, '#charts');
  const title = await page.locator('#story-title').innerText();
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dsb.session')));

  const refinePosts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') refinePosts.push(request.url());
  });
  await page.reload();
  await page.waitForFunction((t) => document.getElementById('story-title')?.textContent === t, title);
  await loadedImages(page, '#charts');
  assert.deepEqual(refinePosts, [], 'the story is read back, not written again');

  // Escape keeps the data; confirming deletes it on the server and returns to the upload.
  await page.getByRole('button', { name: 'Delete my data' }).click();
  await page.getByRole('dialog', { name: 'Delete your data?' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Delete your data?' }).waitFor({ state: 'hidden' });
  assert.ok(await page.locator('#story-title').isVisible());

  await page.getByRole('button', { name: 'Delete my data' }).click();
  const [deleted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'DELETE'),
    page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click(),
  ]);
  assert.equal(deleted.status(), 204);
  await page.getByRole('heading', { name: 'Turn a CSV into a data story' }).waitFor();
  assert.match(await page.locator('#page-notice').innerText(), /deleted from the server/);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  const after = await page.request.get(`${BASE_URL}/api/sessions/${session.id}`, { headers: { Authorization: `Bearer ${session.token}` } });
  assert.equal(after.status(), 404);
  assert.deepEqual(events.pageErrors, []);
});

async function waitUntil(condition, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
