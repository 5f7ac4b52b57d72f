// Accessibility (WCAG 2.2 AA): axe-core on every screen of the flow with zero moderate, serious or critical violations, and
// the whole flow with the keyboard alone — focus lands where a reader expects after each step, and progress is
// announced in live regions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, axeViolations, cspViolations, downloadBytes, openBrowser, readZip } from './helpers.mjs';

const problemJson = (status, title, detail) => ({
  status,
  contentType: 'application/problem+json; charset=utf-8',
  body: JSON.stringify({ type: 'urn:datastorybot:problem:test', title, status, detail }),
});

/** Holds every job status answer back by `ms`, so the progress panel stays on screen long enough to be looked at. */
const slowJobs = (page, ms) => page.route('**/api/jobs/*', async (route) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await route.continue().catch(() => {});
});

/**
 * The first status answer of every job becomes "running" at the stage the API reports while that phase works (the
 * built-in engine often finishes before the first poll), so the page's status line has a stage to announce.
 */
const firstPollRunning = (page) => {
  const seen = new Set();
  return page.route('**/api/jobs/*', async (route) => {
    const url = route.request().url();
    if (seen.has(url)) return route.continue().catch(() => {});
    seen.add(url);
    const refine = /-r-/.test(url);
    const progress = refine ? { stage: 'refining', message: 'Writing the story and rendering charts' } : { stage: 'discovering', message: 'Discovering stories in your data' };
    return route.fulfill({ status: 202, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: JSON.stringify({ status: 'running', progress }) });
  });
};

test('Axe_EveryScreenOfTheFlow_NoModerateSeriousOrCriticalViolations', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  const found = {};
  const scan = async (screen) => {
    found[screen] = await axeViolations(page, { impacts: ['moderate', 'serious', 'critical'] });
  };

  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Turn a CSV into a data story' }).waitFor();
  await scan('upload (empty)');

  await page.locator('#file-input').setInputFiles(join(DATA_DIR, '7zip.png'));
  await page.locator('#upload-error').waitFor({ state: 'visible' });
  await scan('upload error');

  await page.locator('#file-input').setInputFiles(join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();
  await page.locator('#sample-details summary').click();
  await scan('profile');

  await page.route('**/api/sessions/*/analyze', (route) => route.fulfill(problemJson(503, 'The analysis service is degraded', 'Try again in a few minutes.')), { times: 1 });
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#analyze-error').waitFor({ state: 'visible' });
  await scan('analyze error');

  await slowJobs(page, 1500);
  await page.getByLabel(/Focus on/).fill('temperature');
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#analyze-job').waitFor({ state: 'visible' });
  await scan('analyzing');
  await page.locator('#story-cards > li').nth(2).waitFor();
  await scan('three stories');

  await page.route('**/api/sessions/*/refine', (route) => route.fulfill(problemJson(500, 'Something went wrong on the server', 'Try again in a few minutes.')), { times: 1 });
  await page.locator('#story-cards > li').first().getByRole('button', { name: 'Write this story' }).click();
  await page.locator('#refine-error').waitFor({ state: 'visible' });
  await scan('refine error');

  const card = page.locator('#story-cards > li', { has: page.locator('.card-title', { hasText: /^Maximum temperature peaks/ }) });
  await card.getByRole('button', { name: 'Write this story' }).click();
  await page.locator('#refine-job').waitFor({ state: 'visible' });
  await scan('refining');
  await page.unroute('**/api/jobs/*');
  await page.locator('#story-title').waitFor({ state: 'visible' });
  await page.locator('#charts figure').nth(1).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('#charts img')].every((img) => img.complete && img.naturalWidth > 0));
  await scan('story with charts');

  await page.locator('#charts figure').first().getByRole('button', { name: /^Interactive chart:/ }).click();
  await page.locator('#charts figure .chart-interactive svg').first().waitFor();
  await scan('interactive chart');

  // Phone width: the story and its interactive chart, reflowed.
  await page.setViewportSize({ width: 390, height: 844 });
  await scan('story at 390 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.locator('.chart-zoom').nth(1).click();
  await page.locator('#lightbox').waitFor({ state: 'visible' });
  await scan('enlarged chart');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Delete my data' }).click();
  await page.locator('#confirm-delete').waitFor({ state: 'visible' });
  await scan('delete confirmation');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.locator('#page-notice', { hasText: 'were deleted' }).waitFor();
  await scan('after deletion');

  await page.evaluate(() => sessionStorage.setItem('dsb.session', JSON.stringify({ id: 'gone', token: 'x', fileName: 'f.csv' })));
  await page.reload();
  await page.locator('#page-notice', { hasText: 'no longer exists' }).waitFor();
  await scan('session gone');

  const failing = Object.entries(found).filter(([, v]) => v.length > 0);
  assert.deepEqual(failing, [], failing.map(([screen, v]) => `${screen}:\n  ${v.join('\n  ')}`).join('\n'));
  assert.equal(Object.keys(found).length, 15);
  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(await cspViolations(page), [], 'axe runs without touching the page CSP');
});

test('Axe_LowContrastText_IsReported', async (t) => {
  // The scan can fail: text below 4.5:1 is a serious violation.
  const { page, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Turn a CSV into a data story' }).waitFor();
  await page.evaluate(() => {
    document.querySelector('.lead').style.color = '#b0b0b0';
  });

  const violations = await axeViolations(page);

  assert.ok(violations.some((v) => v.startsWith('color-contrast (serious): .lead')), violations.join('\n'));
});

/** The element with focus, as "tag#id.class: accessible text". */
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'body';
  const text = (a.getAttribute('aria-label') ?? a.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 80);
  return `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}: ${text}`;
});

/** Presses Tab until `predicate(document.activeElement)` holds; fails after `max` presses. Returns the presses. */
async function tabTo(page, predicate, description, max = 40) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return i;
  }
  assert.fail(`${description} was not reached with ${max} Tab presses (focus on ${await focused(page)})`);
}

test('Keyboard_WholeFlow_FocusFollowsEachStepAndProgressIsAnnounced', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  // Every text a live region (role=status or aria-live) shows, in order.
  await page.addInitScript(() => {
    window.__announced = [];
    const seen = (node) => node.closest?.('[role="status"], [aria-live]:not([aria-live="off"])');
    addEventListener('DOMContentLoaded', () => {
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          const region = seen(m.target.nodeType === 1 ? m.target : m.target.parentElement);
          const text = region?.textContent.trim();
          if (text && window.__announced.at(-1) !== text) window.__announced.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  });
  await page.goto(BASE_URL + '/');
  await page.getByRole('heading', { name: 'Turn a CSV into a data story' }).waitFor();

  // 1. The skip link comes first, then the file chooser opens from the keyboard.
  await page.keyboard.press('Tab');
  assert.match(await focused(page), /^a: Skip to content/);
  await tabTo(page, () => document.activeElement?.id === 'choose-file', 'the "Choose a file…" button');
  // Playwright starts intercepting file choosers when the first listener is added; one round trip lets that settle.
  const chooserEvent = page.waitForEvent('filechooser');
  await page.evaluate(() => 0);
  await page.keyboard.press('Enter');
  const chooser = await chooserEvent;
  await chooser.setFiles(join(DATA_DIR, 'seattle-weather.csv'));
  await page.waitForFunction(() => document.activeElement?.id === 'profile-heading');
  await page.waitForFunction(() => window.__announced.some((text) => text.includes(' uploaded: ')));
  const announced = () => page.evaluate(() => window.__announced);
  assert.ok((await announced()).some((text) => /^Uploading… \d+%|^Checking the file/.test(text)), `upload progress announced: ${(await announced()).join(' | ')}`);

  // 2. Analyze: Tab to the focus box, type, Tab to the button, Enter. Focus goes to the progress, then to the stories.
  await tabTo(page, () => document.activeElement?.id === 'steering', 'the focus box');
  await page.keyboard.type('temperature');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'analyze-button');
  await firstPollRunning(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.matches('#analyze-job .job-title'));
  await page.waitForFunction(() => document.activeElement?.id === 'stories-heading', null, { timeout: 60_000 });
  await page.waitForFunction(() => window.__announced.some((text) => text.startsWith('Analysis done:')));
  assert.ok((await announced()).some((text) => /seattle-weather\.csv uploaded: 1,461 rows, 6 columns/.test(text)), `the upload announced: ${(await announced()).join(' | ')}`);
  const all = await announced();
  const analysis = all.slice(all.findIndex((text) => text.endsWith('uploaded: 1,461 rows, 6 columns.')) + 1);
  assert.deepEqual(analysis, ['Discovering stories in your data', 'Analysis done: 3 stories found. Pick one to write it.'], `the analysis announced its stage and its end: ${all.join(' | ')}`);

  // 3. Choose a story: Tab reaches the maximum temperature card's button; Enter writes it; focus follows to its title.
  const title = await page.locator('#story-cards .card-title', { hasText: /^Maximum temperature peaks/ }).innerText();
  await tabTo(page, () => document.activeElement?.getAttribute('aria-describedby') &&
    document.getElementById(document.activeElement.getAttribute('aria-describedby'))?.textContent.startsWith('Maximum temperature peaks'), 'the maximum temperature card');
  const before = (await announced()).length;
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.matches('#refine-job .job-title'));
  await page.waitForFunction(() => document.activeElement?.id === 'story-title', null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), title);
  await page.waitForFunction((n) => window.__announced.slice(n).some((text) => text.startsWith('The story is written:')), before);
  const refinement = (await announced()).slice(before);
  // Each stage the polls saw is announced once, in order; a slow machine also sees the saving stage before the end.
  const stages = ['Writing the story and rendering charts', 'Saving charts, dataset and narrative'];
  const seen = refinement.slice(0, -1);
  assert.ok(seen[0] === stages[0] && seen.every((text, i) => i === 0 || text === stages[1]) && seen.length <= stages.length,
    `the refinement announced its stages once each, in order: ${refinement.join(' | ')}`);
  assert.equal(refinement.at(-1), `The story is written: ${title}. Its charts and downloads follow the text.`,
    `the refinement announced its end last: ${refinement.join(' | ')}`);
  await page.unroute('**/api/jobs/*');

  // 4. The interactive chart: Tab to the first chart's toggle, Space opens it, the focus stays on the toggle.
  await tabTo(page, () => document.activeElement?.classList.contains('chart-interactive-toggle'), 'the first chart\'s "Interactive" toggle');
  await page.keyboard.press('Space');
  await page.locator('#charts figure .chart-interactive svg').first().waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed')), 'true');
  assert.match(await page.locator('#charts figure').first().getByRole('status').innerText(), /^Interactive chart/);
  assert.ok((await announced()).includes('Loading the interactive chart…'));

  // 5. Downloads: the chart's data from the next buttons, then the whole story (Shift+Tab back to the downloads).
  await tabTo(page, () => /^Download the plotted data as CSV/.test(document.activeElement?.getAttribute('aria-label') ?? ''), 'the chart\'s data button', 3);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match((await downloadBytes(csv)).toString('utf8').split('\r\n')[0], /date/);
  let presses = 0;
  while (!(await page.evaluate(() => document.activeElement?.textContent === 'Download story (.zip)')) && presses++ < 40) await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Download story (.zip)');
  const [zip] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.ok(readZip(await downloadBytes(zip)).has('story.md'));

  // 6. Back to the stories: focus returns to the card of the story just read.
  await page.keyboard.press('Shift+Tab');
  while (!(await page.evaluate(() => document.activeElement?.id === 'back-to-stories')) && presses++ < 60) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Read this story');

  // 7. Delete my data: the dialog takes the focus; Escape keeps the data and gives the focus back; Delete removes
  // everything and the focus lands on the upload heading.
  while (!(await page.evaluate(() => document.activeElement?.id === 'delete-data')) && presses++ < 80) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.locator('#confirm-delete').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.getElementById('confirm-delete').contains(document.activeElement)), true);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.id === 'delete-data');
  await page.keyboard.press('Enter');
  await tabTo(page, () => document.activeElement?.id === 'confirm-delete-ok', 'the Delete button', 3);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'upload-heading');
  assert.match(await page.locator('#page-notice').innerText(), /were deleted/);

  assert.deepEqual(events.pageErrors, []);
  assert.deepEqual(events.consoleErrors, []);
  assert.deepEqual(await cspViolations(page), []);
});

test('Keyboard_CheckAgainAfterAnUnreadableJobStatus_FocusGoesToTheProgressThenTheStories', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await page.locator('#file-input').setInputFiles(join(DATA_DIR, 'seattle-weather.csv'));
  await page.waitForFunction(() => document.activeElement?.id === 'profile-heading');

  // The first status answer is a 400 problem: the page cannot tell how the job went and offers "Check again".
  await page.route('**/api/jobs/*', (route) => route.fulfill(problemJson(400, 'The request was not accepted', 'Reload the page and try again.')), { times: 1 });
  await page.locator('#analyze-button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Check again');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[role="alert"]')?.id), 'analyze-error');

  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.matches('#analyze-job .job-title')), true, `focus on ${await focused(page)}`);
  await page.waitForFunction(() => document.activeElement?.id === 'stories-heading', null, { timeout: 60_000 });
  assert.equal(await page.locator('#story-cards > li').count(), 3);
  assert.deepEqual(events.pageErrors, []);
});
