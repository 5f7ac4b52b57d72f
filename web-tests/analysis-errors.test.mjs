// Analysis errors the built-in engine cannot produce on demand (an open circuit breaker, a failed job, a recovered
// container) are played back with the API's own shapes, to check the page says what happened and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, DATA_DIR, loadedImages, openBrowser, uploadFile } from './helpers.mjs';

const problemJson = (body) => ({ contentType: 'application/problem+json; charset=utf-8', body });

test('Analyze_ServiceDegradedThenJobFails_ShowsWhatHappenedAndWhatToDoThenRecovers', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();

  // 1. The breaker is open: 503 with Retry-After; no job starts. The retry button waits that long.
  await page.route('**/api/sessions/*/analyze', (route) => route.fulfill({
    status: 503,
    headers: { 'Retry-After': '2' },
    ...problemJson(JSON.stringify({
      type: 'urn:datastorybot:problem:service-degraded', title: 'The analysis service is degraded', status: 503,
      detail: 'The analysis service is degraded; try again in a few minutes. No analysis was started; your file and earlier results are safe. Retry after 2 seconds.',
    })),
  }), { times: 1 });
  await page.getByRole('button', { name: 'Find three stories' }).click();
  const error = page.locator('#analyze-error');
  await error.waitFor({ state: 'visible' });
  assert.equal(await error.locator('.problem-title').innerText(), 'The analysis service is degraded');
  assert.match(await error.locator('.problem-detail').innerText(), /your file and earlier results are safe/);
  const retry = error.getByRole('button', { name: /^Try again/ });
  assert.ok(await retry.isDisabled(), 'the retry waits for Retry-After');
  assert.match(await retry.innerText(), /in \d s/);
  await page.waitForFunction(() => !document.querySelector('#analyze-error button')?.disabled, null, { timeout: 5000 });

  // 2. The job runs for real but its result is replaced by the failure the API reports for a model timeout.
  let replaced = 0;
  await page.route('**/api/jobs/*', async (route) => {
    const real = await route.fetch();
    if (real.status() !== 200 || replaced++ > 0) return route.fulfill({ response: real });
    const { jobId, sessionId } = await real.json();
    // The API's failed-job body: a problem (numeric status) with jobStatus "failed", sent with HTTP 200.
    return route.fulfill({
      status: 200,
      ...problemJson(`{"type":"urn:datastorybot:problem:model-timeout","title":"The analysis model did not answer in time","status":504,` +
        `"detail":"The analyze phase timed out twice (no answer in 120 s). Try again in a few minutes.","jobId":"${jobId}","sessionId":"${sessionId}","phase":"analyze","jobStatus":"failed"}`),
    });
  });
  await retry.click();
  await page.waitForFunction(() => document.querySelector('#analyze-error .problem-title')?.textContent === 'The analysis model did not answer in time');
  assert.match(await error.locator('.problem-detail').innerText(), /Try again in a few minutes/);
  assert.doesNotMatch(await error.innerText(), /[{}]|urn:/);
  assert.ok(await page.locator('#analyze-job').isHidden());
  assert.equal(await page.evaluate(() => sessionStorage.getItem('dsb.job')), null, 'a finished job is not resumed after a reload');
  assert.equal(replaced, 1);

  // 3. Try again without interference: the stories arrive and the error goes away.
  await error.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();
  assert.ok(await error.isHidden());
  assert.deepEqual(events.pageErrors, []);
});

test('Refine_ContainerExpiredAndRecovered_SaysSoAndShowsTheStory', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('button', { name: 'Find three stories' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();

  // The refine job's first poll reports the recovery stage; its result says one container was replaced.
  let polls = 0;
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/jobs/*-r-*', async (route) => {
    const real = await route.fetch();
    const body = await real.json();
    if (polls++ === 0) {
      await held;
      return route.fulfill({
        status: 202, headers: { 'Retry-After': '1' }, contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ ...body, status: 'running', progress: { stage: 'recovering-container', message: 'Re-uploading your data to a new analysis container' } }),
      });
    }
    return route.fulfill({ response: real, json: body.status === 'succeeded' ? { ...body, containerRecoveries: 1 } : body });
  });
  await page.locator('#story-cards > li').first().getByRole('button', { name: 'Write this story' }).click();
  const panel = page.locator('#refine-job');
  await panel.waitFor({ state: 'visible' });
  assert.match(await panel.locator('.job-title').innerText(), /^Writing “.+”$/);
  release();
  await page.waitForFunction(() => document.querySelector('#refine-job [data-role="note"]')?.hidden === false);
  assert.equal(await panel.getByRole('status').innerText(), 'Re-uploading your data to a new analysis container');
  assert.match(await panel.locator('[data-role="note"]').innerText(), /Nothing is lost/);

  await page.locator('#story-title').waitFor({ state: 'visible' });
  assert.match(await page.locator('#story-notice').innerText(), /moved your file to a new one automatically\. Nothing was lost\./);
  assert.ok(polls >= 2);
  assert.deepEqual(events.pageErrors, []);
});

// A job that failed while the page was closed (or just before a reload) is on the session as lastErrors until that
// phase next succeeds. The built-in analyst does not fail on real files, so the recorded failures are added to the
// server's real session answer; everything else — the stories, the retries, the charts — is the server's.
test('Reload_AfterJobsFailed_ShowsTheRecordedFailuresAndTryAgainRecovers', async (t) => {
  const { page, events, close } = await openBrowser();
  t.after(close);
  await page.goto(BASE_URL + '/');
  await uploadFile(page, join(DATA_DIR, 'seattle-weather.csv'));
  await page.getByRole('heading', { name: 'Your file' }).waitFor();

  const recorded = {};
  await page.route('**/api/sessions/*', async (route) => {
    const real = await route.fetch();
    if (route.request().method() !== 'GET' || real.status() !== 200) return route.fulfill({ response: real });
    const body = await real.json();
    return route.fulfill({ response: real, json: { ...body, lastErrors: { ...body.lastErrors, ...recorded } } });
  });

  // 1. The analysis failed: after a reload the page says what happened, and "Try again" runs it for real.
  recorded.analyze = {
    type: 'urn:datastorybot:problem:model-timeout', title: 'The analysis model did not answer in time', status: 504,
    detail: 'The analyze phase timed out twice (no answer in 120 s). Try again in a few minutes.',
  };
  await page.reload();
  const analyzeError = page.locator('#analyze-error');
  await analyzeError.waitFor({ state: 'visible' });
  assert.equal(await analyzeError.locator('.problem-title').innerText(), 'The analysis model did not answer in time');
  assert.match(await analyzeError.locator('.problem-detail').innerText(), /timed out twice/);
  delete recorded.analyze;
  await analyzeError.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#story-cards > li').nth(2).waitFor();
  assert.ok(await analyzeError.isHidden());

  // 2. Writing the second story failed: the reload names that story and offers to try again or pick another.
  const second = (await page.locator('#story-cards > li').nth(1).locator('h3').innerText()).trim();
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dsb.session')));
  const real = await (await page.request.get(`${BASE_URL}/api/sessions/${session.id}`, { headers: { Authorization: `Bearer ${session.token}` } })).json();
  const story = real.stories.find((s) => s.title === second);
  assert.ok(story, `the card "${second}" is one of the session's stories`);
  recorded[`refine:${story.storyId}`] = {
    type: 'urn:datastorybot:problem:container-expired', title: 'The analysis container expired twice', status: 502,
    detail: 'The story could not be written: the analysis container expired twice. Try again, or pick another story.',
  };
  await page.reload();
  const refineError = page.locator('#refine-error');
  await refineError.waitFor({ state: 'visible' });
  assert.equal(await refineError.locator('.problem-title').innerText(), `“${second}”: The analysis container expired twice`);
  assert.ok(await refineError.getByRole('button', { name: 'Pick another story' }).isVisible());
  assert.doesNotMatch(await refineError.innerText(), /[{}]|urn:/);
  delete recorded[`refine:${story.storyId}`];
  await refineError.getByRole('button', { name: 'Try again' }).click();
  await page.waitForFunction((t) => document.getElementById('story-title')?.textContent === t, second);
  await loadedImages(page, '#charts');
  assert.deepEqual(events.pageErrors, []);
});
