// DataStoryBot's page: upload → profile → analyze (poll) → three story cards → refine (poll) → the story.
// Everything that comes from the data or the model is put into the page with textContent, never as HTML.
import { ApiError, JobFailedError, call, fetchBlob, newIdempotencyKey, pollJob, upload } from './api.js';
import { addInteractiveToggle } from './interactive.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';
import { askForWorkbook, renderSheets } from './sheets.js';
import { createZip } from './zip.js';

const KEYS = { session: 'dsb.session', job: 'dsb.job', view: 'dsb.view' };
const $ = (id) => document.getElementById(id);

const state = {
  session: null, // { id, token, fileName }
  data: null, // the last GET /api/sessions/{id} (or the upload's answer)
  job: null, // { url, phase, storyId, title, startedAt }
  poll: null, // AbortController of the running poll
  ticker: 0,
  storyId: null, // the refined story on screen
  blobs: new Map(), // API URL → { blob, url }
  uploading: false,
  file: null, // the File last uploaded, kept to read another sheet of a workbook (lost on reload)
};

// ---------- small helpers ----------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

const store = {
  get(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  },
  set(key, value) {
    if (value === null || value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  },
};

const numberFormat = new Intl.NumberFormat();
const formatNumber = (n) => (typeof n === 'number' ? numberFormat.format(n) : String(n ?? ''));

function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatElapsed(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return `${minutes}:${seconds}`;
}

const ROLE_NAMES = {
  time: 'Time',
  measure: 'Measure',
  category: 'Group',
  identifier: 'Identifier',
  text: 'Text',
};

const TYPE_NAMES = {
  integer: 'Whole number',
  decimal: 'Number',
  boolean: 'Yes / no',
  datetime: 'Date / time',
  categorical: 'Category',
  text: 'Text',
  identifier: 'Identifier',
};

const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

function humanize(slug) {
  if (!slug) return '';
  const words = String(slug).replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function slugify(text, fallback = 'story') {
  const slug = String(text ?? '').toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || fallback;
}

function focusHeading(node) {
  if (!node) return;
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

function triggerDownload(url, fileName) {
  const a = el('a', { href: url, download: fileName, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---------- notices and problems ----------

function showNotice(message, { kind = 'info', action = null } = {}) {
  const notice = $('page-notice');
  notice.replaceChildren(el('span', { text: message }));
  notice.className = `notice ${kind}`;
  if (action) notice.append(' ', el('button', { type: 'button', class: 'button link', text: action.label, on: { click: action.run } }));
  notice.hidden = false;
}

/** Says something to screen readers through the page's hidden live region (#announcer, role=status). */
function announce(text) {
  const region = $('announcer');
  region.textContent = '';
  // Emptied first, so the same sentence twice is announced twice (a timer, not a frame: it runs in a background tab).
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function clearNotice() {
  $('page-notice').hidden = true;
  $('page-notice').replaceChildren();
}

/**
 * Shows an ApiError in a problem box: what happened (title), what to do (detail), and buttons for the next step.
 * @param {HTMLElement} box
 * @param {ApiError} error
 * @param {{ label: string, run: () => void, primary?: boolean, waitSeconds?: number }[]} actions
 */
function showProblem(box, error, actions = []) {
  const title = error instanceof ApiError ? error.title : 'Something went wrong';
  const detail = error instanceof ApiError ? error.detail : 'The page hit an unexpected error. Reload the page and try again.';
  const buttons = actions.map((action) => el('button', { type: 'button', class: action.primary ? 'button primary' : 'button', text: action.label, on: { click: action.run } }));
  box.replaceChildren(el('p', { class: 'problem-title', text: title }), el('p', { class: 'problem-detail', text: detail }));
  if (buttons.length) box.append(el('div', { class: 'problem-actions' }, buttons));
  box.hidden = false;
  actions.forEach((action, i) => {
    if (action.waitSeconds > 0) countdown(buttons[i], action.label, action.waitSeconds);
  });
}

function countdown(button, label, seconds) {
  let left = Math.ceil(seconds);
  button.disabled = true;
  const tick = () => {
    if (!button.isConnected) return clearInterval(timer);
    if (left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = label;
      return;
    }
    button.textContent = `${label} (in ${left} s)`;
    left--;
  };
  const timer = setInterval(tick, 1000);
  tick();
}

function hideProblem(box) {
  box.hidden = true;
  box.replaceChildren();
}

function sessionGone() {
  forget();
  showUploadOnly();
  showNotice('This session no longer exists: it was deleted or has expired. Upload your file again to continue.', { kind: 'warn' });
}

// ---------- session state ----------

function forget() {
  state.poll?.abort();
  state.poll = null;
  clearInterval(state.ticker);
  for (const { url } of state.blobs.values()) URL.revokeObjectURL(url);
  state.blobs.clear();
  state.session = null;
  state.data = null;
  state.job = null;
  state.storyId = null;
  state.file = null;
  store.set(KEYS.session, null);
  store.set(KEYS.job, null);
  store.set(KEYS.view, null);
}

async function refreshSession() {
  const { body } = await call('GET', `/api/sessions/${encodeURIComponent(state.session.id)}`, { token: state.session.token });
  state.data = body;
  return body;
}

// ---------- sections ----------

function showUploadOnly() {
  $('upload-section').hidden = false;
  for (const id of ['profile-section', 'analyze-section', 'stories-section', 'story-section', 'session-bar']) $(id).hidden = true;
  $('upload-status').hidden = true;
  hideProblem($('upload-error'));
  hideProblem($('analyze-error'));
  hideProblem($('refine-error'));
  $('analyze-job').hidden = true;
  $('refine-job').hidden = true;
  $('steering').value = '';
  $('file-input').value = '';
  $('analyze-button').disabled = false;
  document.title = 'DataStoryBot';
}

function showSessionView() {
  const data = state.data;
  $('upload-section').hidden = true;
  $('story-section').hidden = true;
  $('session-bar').hidden = false;
  $('session-file').textContent = data.file?.name ?? state.session.fileName ?? '';
  renderProfile(data.file, data.warnings ?? []);
  $('profile-section').hidden = false;
  $('analyze-section').hidden = false;
  renderStories();
  document.title = `${data.file?.name ?? 'Your file'} · DataStoryBot`;
}

function renderProfile(file, warnings) {
  const columns = file?.columns ?? [];
  // A workbook: the sheet that was read stands where a CSV's encoding and separator would (both are the server's own CSV's).
  const sheets = Array.isArray(file?.sheets) ? file.sheets : null;
  const chosen = sheets?.find((s) => s.chosen);
  const facts = [
    ['File', file?.name],
    ['Rows', formatNumber(file?.rowCount)],
    ['Columns', formatNumber(columns.length)],
    ['Size', formatBytes(file?.sizeBytes)],
    ['Sheet', chosen?.name],
    ['Encoding', !sheets && file?.encoding ? String(file.encoding).toUpperCase() : null],
    ['Separator', !sheets && file?.delimiter ? DELIMITERS[file.delimiter] ?? file.delimiter : null],
  ];
  if (file?.raggedRowCount > 0) facts.push(['Uneven rows', formatNumber(file.raggedRowCount)]);
  $('profile-facts').replaceChildren(...facts.filter(([, v]) => v).map(([k, v], i) => el('div', { class: i === 0 ? 'fact wide' : 'fact' }, el('dt', { text: k }), el('dd', { text: v }))));

  const list = $('profile-warnings');
  list.replaceChildren(...warnings.map((w) => el('li', { text: w })));
  list.hidden = warnings.length === 0;

  $('columns-count').textContent = `(${formatNumber(columns.length)})`;
  $('columns-table').tBodies[0].replaceChildren(...columns.map((c) => {
    const range = c.min != null && c.max != null ? (c.min === c.max ? c.min : `${c.min} – ${c.max}`) : '';
    return el('tr', {},
      el('th', { scope: 'row', text: c.name }),
      el('td', {}, el('span', { class: `type type-${c.type}`, text: TYPE_NAMES[c.type] ?? c.type })),
      el('td', {}, c.role ? el('span', { class: `role role-${c.role}`, text: ROLE_NAMES[c.role] ?? c.role, title: c.roleReason ?? '' }) : ''),
      el('td', { class: 'num', text: formatNumber(c.nullCount) }),
      el('td', { class: 'num', text: (c.distinctIsEstimate ? '≈ ' : '') + formatNumber(c.distinctCount) }),
      el('td', { class: 'range', text: range }));
  }));
  $('columns-details').open = columns.length > 0 && columns.length <= 12;

  const sample = (file?.sample ?? []).slice(0, 5);
  const table = $('sample-table');
  table.tHead.replaceChildren(el('tr', {}, columns.map((c) => el('th', { scope: 'col', text: c.name }))));
  table.tBodies[0].replaceChildren(...sample.map((row) => el('tr', {}, row.map((cell) => el('td', { text: cell })))));
  $('sample-details').hidden = sample.length === 0;
  renderSheets($('sheet-picker'), file, { hasFile: Boolean(state.file), onChoose: chooseSheet });
}

function renderStories() {
  const stories = state.data?.stories ?? [];
  const section = $('stories-section');
  section.hidden = stories.length === 0 && !(state.job?.phase === 'refine');
  $('analyze-button').textContent = stories.length ? 'Find stories again' : 'Find three stories';
  const busy = Boolean(state.job);
  $('story-cards').replaceChildren(...stories.map((story, index) => {
    const titleId = `card-title-${index}`;
    const evidence = story.evidence ?? {};
    const evidenceText = [evidence.test, evidence.n ? `n = ${formatNumber(evidence.n)}` : null].filter(Boolean).join(' · ');
    const refining = state.job?.phase === 'refine' && state.job.storyId === story.storyId;
    return el('li', { class: `card${refining ? ' busy' : ''}${story.refined ? ' done' : ''}`, 'data-story-id': story.storyId },
      el('p', { class: 'card-kind', text: humanize(evidence.insightType) || 'Story' }),
      el('h3', { id: titleId, class: 'card-title', text: story.title }),
      el('p', { class: 'card-summary', text: story.summary }),
      story.chartTypes?.length ? el('ul', { class: 'chips', 'aria-label': 'Suggested charts' }, story.chartTypes.map((t) => el('li', { text: `${t} chart` }))) : null,
      evidenceText ? el('p', { class: 'card-evidence', text: evidenceText }) : null,
      el('div', { class: 'card-actions' },
        el('button', {
          type: 'button',
          class: story.refined ? 'button' : 'button primary',
          text: refining ? 'Writing…' : story.refined ? 'Read this story' : 'Write this story',
          'aria-describedby': titleId,
          disabled: busy,
          on: { click: () => pickStory(story) },
        })));
  }));
}

// ---------- upload ----------

// The server's limit, written into the page when it is served; the server enforces it in any case.
const MAX_UPLOAD_BYTES = Number(document.querySelector('meta[name="dsb-max-upload-bytes"]')?.content) || 0;

async function handleFile(file) {
  if (!file || state.uploading) return;
  clearNotice();
  if (MAX_UPLOAD_BYTES > 0 && file.size > MAX_UPLOAD_BYTES) {
    // Refused here: a browser often reports the server's early 413 as a dropped connection.
    $('upload-name').textContent = file.name;
    $('upload-size').textContent = formatBytes(file.size);
    $('upload-status').hidden = false;
    $('upload-progress').hidden = true;
    $('upload-progress-label').hidden = true;
    showProblem($('upload-error'), new ApiError(413, 'The file is too large',
      `It is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}. Remove columns or rows you do not need, or split the file, and upload it again.`),
    [{ label: 'Choose another file', primary: true, run: () => $('file-input').click() }]);
    $('file-input').value = '';
    focusProblem($('upload-error'));
    return;
  }
  state.uploading = true;
  const status = $('upload-status');
  const progress = $('upload-progress');
  const label = $('upload-progress-label');
  $('upload-name').textContent = file.name;
  $('upload-size').textContent = formatBytes(file.size);
  hideProblem($('upload-error'));
  progress.hidden = false;
  progress.value = 0;
  label.hidden = false;
  label.textContent = 'Uploading… 0%';
  label.dataset.step = '0';
  status.hidden = false;
  // aria-disabled, not disabled: a keyboard user's focus stays on the button while the file uploads.
  $('choose-file').setAttribute('aria-disabled', 'true');
  $('dropzone').classList.add('busy');

  try {
    const body = await upload(file, (sent, total) => {
      const percent = total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0;
      progress.value = percent;
      // The label is a live region: it changes in steps of 10%, so a screen reader is not flooded.
      const step = percent >= 100 ? 100 : Math.floor(percent / 10) * 10;
      if (label.dataset.step === String(step)) return;
      label.dataset.step = String(step);
      label.textContent = step >= 100 ? 'Checking the file…' : `Uploading… ${step}% (${formatBytes(sent)} of ${formatBytes(total)})`;
    }).promise;
    progress.value = 100;
    state.session = { id: body.sessionId, token: body.sessionToken, fileName: body.file?.name ?? file.name };
    store.set(KEYS.session, state.session);
    state.data = { sessionId: body.sessionId, file: body.file, warnings: body.warnings ?? [], stories: [], refined: [], activeJobs: [] };
    state.file = file;
    status.hidden = true;
    showSessionView();
    focusHeading($('profile-heading'));
    announce(`${state.session.fileName} uploaded: ${formatNumber(body.file?.rowCount)} rows, ${formatNumber(body.file?.columns?.length ?? 0)} columns.`);
  } catch (error) {
    progress.hidden = true;
    label.hidden = true;
    showProblem($('upload-error'), error, [{ label: 'Choose another file', primary: true, run: () => $('file-input').click() }]);
  } finally {
    state.uploading = false;
    $('choose-file').removeAttribute('aria-disabled');
    $('dropzone').classList.remove('busy');
    $('file-input').value = '';
  }
  if (!$('upload-error').hidden) focusProblem($('upload-error'));
}

function wireUpload() {
  const zone = $('dropzone');
  const input = $('file-input');
  $('choose-file').addEventListener('click', () => {
    if (!state.uploading) input.click();
  });
  input.addEventListener('change', () => handleFile(input.files?.[0]));
  let depth = 0;
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    zone.classList.add('over');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    if (--depth <= 0) {
      depth = 0;
      zone.classList.remove('over');
    }
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('over');
    const files = e.dataTransfer?.files;
    if (files?.length > 1) showNotice(`Only the first of the ${files.length} dropped files is used.`);
    handleFile(files?.[0]);
  });
  // A file dropped anywhere else must not navigate away from the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());
}

// ---------- another sheet of a workbook ----------

// The same workbook uploaded again with ?sheet=NAME makes a new session holding that sheet; the superseded session
// (the other sheet's data, and any stories found in it) is then deleted, so no copy is left on the server. Until the
// new upload is accepted the current session stays as it was.
async function chooseSheet(name, ui) {
  if (state.uploading || state.job) {
    ui.done();
    showProblem(ui.problem, new ApiError(409, 'DataStoryBot is still working on this sheet',
      'Wait until it has finished finding or writing stories, then choose the other sheet.'));
    return;
  }
  const file = state.file ?? await askForWorkbook($('sheet-picker'));
  if (!file) return ui.done();
  const previous = state.session;
  const previousSheet = state.data?.file?.sheets?.find((s) => s.chosen)?.name;
  state.uploading = true;
  let body;
  try {
    body = await upload(file, ui.progress, { sheet: name }).promise;
  } catch (error) {
    state.uploading = false;
    ui.done();
    showProblem(ui.problem, error);
    return;
  }
  state.uploading = false;
  forget();
  state.file = file;
  state.session = { id: body.sessionId, token: body.sessionToken, fileName: body.file?.name ?? file.name };
  store.set(KEYS.session, state.session);
  state.data = { sessionId: body.sessionId, file: body.file, warnings: body.warnings ?? [], stories: [], refined: [], activeJobs: [] };
  showSessionView();
  focusHeading($('profile-heading'));
  await deleteSuperseded(previous, `Now reading sheet “${name}”.`, previousSheet);
}

async function deleteSuperseded(previous, prefix, previousSheet) {
  try {
    await call('DELETE', `/api/sessions/${encodeURIComponent(previous.id)}`, { token: previous.token });
  } catch (error) {
    if (error.status !== 404) {
      showNotice(`${prefix} The data of the sheet read before could not be deleted from the server (${error.title}); it is removed when its session expires, or now:`,
        { kind: 'warn', action: { label: 'Delete it now', run: () => deleteSuperseded(previous, '', previousSheet) } });
      return;
    }
  }
  showNotice(`${prefix} The data of ${previousSheet ? `sheet “${previousSheet}”` : 'the sheet read before'} was deleted from the server.`.trim());
}

// ---------- jobs ----------

const STEPS = {
  analyze: [
    { label: 'Preparing your data', stages: ['queued', 'creating-container'] },
    { label: 'Finding stories', stages: ['discovering'] },
  ],
  refine: [
    { label: 'Preparing your data', stages: ['queued', 'creating-container'] },
    { label: 'Writing the story', stages: ['refining'] },
    { label: 'Saving charts', stages: ['saving-artifacts'] },
  ],
};

function jobPanel(job) {
  return $(job.phase === 'refine' ? 'refine-job' : 'analyze-job');
}

function renderJobPanel(job, resumed) {
  const panel = jobPanel(job);
  const heading = job.phase === 'refine' ? `Writing “${job.title ?? 'your story'}”` : 'Finding stories in your data';
  panel.replaceChildren(
    el('div', { class: 'job-head' },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      el('h3', { class: 'job-title', tabindex: '-1', text: heading }),
      el('span', { class: 'job-elapsed', 'data-role': 'elapsed', 'aria-label': 'Elapsed time', text: formatElapsed(Date.now() - job.startedAt) })),
    el('ol', { class: 'steps', 'data-role': 'steps' }, STEPS[job.phase].map((s) => el('li', { text: s.label }))),
    el('p', { class: 'job-message', role: 'status', 'data-role': 'message', text: resumed ? 'Reconnecting to your analysis…' : 'Starting…' }),
    el('p', { class: 'job-note', 'data-role': 'note', hidden: true }),
    el('div', { class: 'job-bar', 'aria-hidden': 'true' }, el('span')));
  panel.dataset.stage = 'queued';
  panel.hidden = false;
  updateSteps(panel, job.phase, 'queued');
}

function updateSteps(panel, phase, stage) {
  const steps = STEPS[phase];
  const current = Math.max(0, steps.findIndex((s) => s.stages.includes(stage)));
  panel.querySelectorAll('[data-role="steps"] li').forEach((li, i) => {
    li.className = i < current ? 'done' : i === current ? 'current' : '';
    if (i === current) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
}

function updateJobPanel(job, status) {
  const panel = jobPanel(job);
  const stage = status?.progress?.stage ?? 'queued';
  const message = status?.progress?.message ?? 'Waiting to start';
  panel.dataset.stage = stage;
  const messageNode = panel.querySelector('[data-role="message"]');
  if (messageNode.textContent !== message) messageNode.textContent = message;
  if (stage !== 'recovering-container') updateSteps(panel, job.phase, stage);
  const note = panel.querySelector('[data-role="note"]');
  if (stage === 'recovering-container') {
    note.textContent = 'The analysis workspace expired, so DataStoryBot is copying your file into a new one and carrying on. Nothing is lost and there is nothing to do.';
    note.hidden = false;
  }
}

function setBusy(busy) {
  $('analyze-button').disabled = busy;
  for (const button of $('story-cards').querySelectorAll('button')) button.disabled = busy;
}

async function startJob(kind, url, json, extra) {
  const box = $(kind === 'refine' ? 'refine-error' : 'analyze-error');
  hideProblem($('analyze-error'));
  hideProblem($('refine-error'));
  clearNotice();
  setBusy(true);
  try {
    const { body } = await call('POST', url, { token: state.session.token, json, headers: { 'Idempotency-Key': newIdempotencyKey() } });
    const job = { url: body.statusUrl, phase: kind, startedAt: Date.now(), ...extra };
    await runJob(job, false);
  } catch (error) {
    setBusy(false);
    if (error?.name === 'AbortError') return;
    if (error.status === 404) return sessionGone();
    const again = { label: 'Try again', primary: true, waitSeconds: error.status === 503 ? error.retryAfter ?? 30 : 0, run: () => startJob(kind, url, json, extra) };
    showProblem(box, error, kind === 'refine' ? [again, { label: 'Pick another story', run: () => focusCards() }] : [again]);
    focusProblem(box);
  }
}

/** Focuses a problem box's first action that can be used now, else the box itself (it is role=alert). */
function focusProblem(box) {
  const target = box.querySelector('button:not([disabled])') ?? box;
  if (target === box) box.tabIndex = -1;
  target.focus();
}

function focusCards() {
  hideProblem($('refine-error'));
  const first = $('story-cards').querySelector('button:not([disabled])');
  (first ?? $('stories-heading')).focus();
}

async function runJob(job, resumed) {
  state.poll?.abort();
  const controller = new AbortController();
  state.poll = controller;
  state.job = job;
  store.set(KEYS.job, job);
  renderStories();
  renderJobPanel(job, resumed);
  setBusy(true);
  if (job.phase === 'refine') $('stories-section').hidden = false;
  const panel = jobPanel(job);
  // The button that started the job is disabled while it runs: focus moves to the job's heading, not to nowhere
  // (a screen reader reads it); the status line below it announces each stage.
  if (!resumed) panel.querySelector('.job-title')?.focus({ preventScroll: false });
  clearInterval(state.ticker);
  state.ticker = setInterval(() => {
    const elapsed = panel.querySelector('[data-role="elapsed"]');
    if (elapsed) elapsed.textContent = formatElapsed(Date.now() - job.startedAt);
  }, 1000);

  const box = $(job.phase === 'refine' ? 'refine-error' : 'analyze-error');
  let finished = null;
  let failure = null;
  try {
    finished = await pollJob(job.url, state.session.token, {
      signal: controller.signal,
      firstDelayMs: resumed ? 0 : 300,
      onProgress: (status) => updateJobPanel(job, status),
      onRetrying: (error) => {
        const note = panel.querySelector('[data-role="note"]');
        note.textContent = error ? 'Lost contact with DataStoryBot; trying again…' : '';
        note.hidden = !error;
      },
    });
  } catch (error) {
    if (error?.name === 'AbortError') return;
    failure = error;
  } finally {
    if (state.poll === controller) {
      clearInterval(state.ticker);
      state.poll = null;
    }
  }
  if (state.poll !== null && state.poll !== controller) return;

  state.job = null;
  store.set(KEYS.job, null);
  // The panel stays until the session is read again, so the page never shows neither progress nor results.
  const done = () => {
    panel.hidden = true;
    setBusy(false);
  };

  if (failure) {
    if (!(failure instanceof JobFailedError) && failure.status === 404) {
      try {
        await refreshSession();
      } catch (error) {
        if (error.status === 404) return sessionGone();
      }
    } else {
      await refreshSession().catch(() => null);
    }
    done();
    renderStories();
    const retry = { label: 'Try again', primary: true, run: () => retryJob(job) };
    if (failure instanceof JobFailedError) {
      showProblem(box, failure, job.phase === 'refine' && (state.data?.stories?.length ?? 0) > 1 ? [retry, { label: 'Pick another story', run: () => focusCards() }] : [retry]);
    } else if (failure.status === 404) {
      showProblem(box, new ApiError(404, 'This analysis can no longer be found', 'DataStoryBot lost track of this job. Your file is safe; start it again.'), [retry]);
    } else {
      showProblem(box, failure, [{ label: 'Check again', primary: true, run: () => {
        hideProblem(box);
        runJob(job, true);
        // The button just pressed is gone with the problem: the focus goes to the job's progress.
        jobPanel(job).querySelector('.job-title')?.focus();
      } }]);
    }
    focusProblem(box);
    return;
  }

  try {
    await refreshSession();
  } catch (error) {
    done();
    if (error.status === 404) return sessionGone();
    showProblem(box, error, [{ label: 'Try again', primary: true, run: () => location.reload() }]);
    return;
  }
  done();
  const recovered = finished?.containerRecoveries > 0
    ? 'The analysis workspace expired while this ran; DataStoryBot moved your file to a new one automatically. Nothing was lost.'
    : null;
  if (job.phase === 'analyze') {
    showSessionView();
    if (recovered) showNotice(recovered);
    focusHeading($('stories-heading'));
    announce(`Analysis done: ${state.data?.stories?.length ?? 0} stories found. Pick one to write it.`);
  } else {
    await openStory(finished?.storyId ?? job.storyId, { notice: recovered });
    announce(`The story is written: ${$('story-title').textContent}. Its charts and downloads follow the text.`);
  }
}

function retryJob(job) {
  if (job.phase === 'refine') {
    startJob('refine', `/api/sessions/${encodeURIComponent(state.session.id)}/refine`, { title: job.title, storyId: job.storyId }, { storyId: job.storyId, title: job.title });
  } else {
    startJob('analyze', `/api/sessions/${encodeURIComponent(state.session.id)}/analyze`, { steering: job.steering ?? '' }, { steering: job.steering ?? '' });
  }
}

function analyze(event) {
  event.preventDefault();
  const steering = $('steering').value.trim();
  if (steering.length > 500) {
    showProblem($('analyze-error'), new ApiError(400, 'The focus text is too long', `It has ${steering.length} characters; at most 500 are allowed. Name the columns or theme in a sentence or two.`));
    return;
  }
  startJob('analyze', `/api/sessions/${encodeURIComponent(state.session.id)}/analyze`, steering ? { steering } : {}, { steering });
}

function pickStory(story) {
  if (story.refined && state.data?.refined?.some((r) => r.storyId === story.storyId)) {
    openStory(story.storyId);
    return;
  }
  startJob('refine', `/api/sessions/${encodeURIComponent(state.session.id)}/refine`, { title: story.title, storyId: story.storyId }, { storyId: story.storyId, title: story.title });
}

// ---------- the story ----------

async function artifact(url) {
  const cached = state.blobs.get(url);
  if (cached) return cached;
  const blob = await fetchBlob(url, state.session.token);
  const entry = { blob, url: URL.createObjectURL(blob) };
  state.blobs.set(url, entry);
  return entry;
}

async function openStory(storyId, { notice = null } = {}) {
  let refined = state.data?.refined?.find((r) => r.storyId === storyId);
  if (!refined) {
    await refreshSession().catch(() => null);
    refined = state.data?.refined?.find((r) => r.storyId === storyId);
  }
  if (!refined) {
    store.set(KEYS.view, null);
    showSessionView();
    return;
  }
  state.storyId = storyId;
  store.set(KEYS.view, { storyId });
  clearNotice();
  const candidate = state.data.stories?.find((s) => s.storyId === storyId);
  for (const id of ['upload-section', 'profile-section', 'analyze-section', 'stories-section']) $(id).hidden = true;
  $('session-bar').hidden = false;
  $('story-section').hidden = false;
  $('story-kind').textContent = humanize(candidate?.evidence?.insightType) || 'Story';
  $('story-title').textContent = refined.title;
  document.title = `${refined.title} · DataStoryBot`;
  $('story-meta').textContent = storyMeta(refined);
  const storyNotice = $('story-notice');
  storyNotice.textContent = notice ?? '';
  storyNotice.hidden = !notice;
  $('narrative').replaceChildren(el('p', { class: 'loading', text: 'Loading the story…' }));
  $('charts').replaceChildren();
  $('story-downloads').replaceChildren();
  focusHeading($('story-title'));

  try {
    const [narrative, charts] = await Promise.all([
      artifact(refined.narrativeUrl).then(async (a) => ({ ...a, text: await a.blob.text() })),
      Promise.all(refined.charts.map(async (chart) => ({ chart, ...(await artifact(chart.url)) }))),
    ]);
    if (state.storyId !== storyId) return;
    $('narrative').replaceChildren(renderMarkdown(narrative.text, { skipTitle: refined.title, headingLevel: 3 }));
    renderCharts(refined, charts);
    renderDownloads(refined, narrative, charts);
  } catch (error) {
    if (state.storyId !== storyId) return;
    if (error.status === 404 && !(await refreshSession().catch((e) => e.status !== 404))) return sessionGone();
    const box = el('div', { class: 'problem', role: 'alert' });
    $('narrative').replaceChildren(box);
    showProblem(box, error, [{ label: 'Try again', primary: true, run: () => openStory(storyId) }]);
  }
}

function storyMeta(refined) {
  const parts = [];
  const p = refined.provenance ?? {};
  if (state.data?.file?.name) parts.push(`From ${state.data.file.name}`);
  const sampling = p.sampling;
  if (sampling?.sampled) parts.push(`based on a sample of ${formatNumber(sampling.rowsUsed)} of ${formatNumber(sampling.totalRows)} rows${sampling.method ? ` (${sampling.method})` : ''}`);
  else if (sampling?.totalRows) parts.push(`all ${formatNumber(sampling.totalRows)} rows`);
  if (p.engine) parts.push(`${p.engine === 'builtin' ? 'built-in analyst' : p.engine}${p.model ? ` (${p.model})` : ''}${p.engineVersion ? ` ${p.engineVersion}` : ''}`);
  return parts.join(' · ');
}

function renderCharts(refined, charts) {
  const base = slugify(refined.title);
  $('charts').replaceChildren(...charts.map(({ chart, url }, i) => {
    const caption = chart.title || `Chart ${i + 1}`;
    const alt = chart.alt || caption;
    const name = `${base}-${chart.chartId || `chart-${i + 1}`}`;
    const figure = el('figure', { class: 'chart' },
      el('button', { type: 'button', class: 'chart-zoom', 'aria-label': `Enlarge chart: ${caption}`, on: { click: () => openLightbox(url, caption, alt) } },
        el('img', { src: url, alt, width: 1200, height: 700, decoding: 'async' })),
      el('figcaption', {},
        el('span', { class: 'chart-caption', text: caption }),
        el('a', { class: 'button small', href: url, download: `${name}.png`, text: 'PNG', 'aria-label': `Download PNG: ${caption}` }),
        chart.dataUrl
          ? el('button', { type: 'button', class: 'button small chart-data', text: 'Data (.csv)', 'aria-label': `Download the plotted data as CSV: ${caption}`,
            on: { click: (e) => downloadArtifact(chart.dataUrl, `${name}-data.csv`, e.currentTarget, 'The chart data could not be downloaded') } })
          : null));
    // The interactive view (interactive.js) where the engine wrote a Vega-Lite spec; the PNG stays the default.
    if (chart.specUrl) {
      const toggle = addInteractiveToggle(figure, { caption, alt, loadSpec: async () => JSON.parse(await (await artifact(chart.specUrl)).blob.text()) });
      figure.querySelector('.chart-caption').after(toggle);
    }
    return figure;
  }));
}

async function downloadArtifact(artifactUrl, fileName, button, failure) {
  button.disabled = true;
  try {
    const { url } = await artifact(artifactUrl);
    triggerDownload(url, fileName);
  } catch (error) {
    showNotice(`${error.title ?? failure}. ${error.detail ?? ''}`, { kind: 'warn' });
  } finally {
    button.disabled = false;
  }
}

function renderDownloads(refined, narrative, charts) {
  const base = slugify(refined.title);
  const box = $('story-downloads');
  const zip = el('button', {
    type: 'button',
    class: 'button primary',
    text: 'Download story (.zip)',
    title: 'The story as Markdown with its charts and dataset alongside',
    on: { click: () => downloadZip(refined, narrative, charts, zip) },
  });
  const links = [zip, el('a', { class: 'button', href: narrative.url, download: `${base}.md`, text: 'Narrative (.md)' })];
  if (refined.datasetUrl) {
    links.push(el('button', { type: 'button', class: 'button', text: 'Dataset (.csv)', on: { click: (e) => downloadDataset(refined, e.currentTarget) } }));
  }
  box.replaceChildren(...links);
}

async function downloadDataset(refined, button) {
  button.disabled = true;
  try {
    const { url } = await artifact(refined.datasetUrl);
    triggerDownload(url, `${slugify(refined.title)}-data.csv`);
  } catch (error) {
    showNotice(`${error.title ?? 'The dataset could not be downloaded'}. ${error.detail ?? ''}`, { kind: 'warn' });
  } finally {
    button.disabled = false;
  }
}

async function downloadZip(refined, narrative, charts, button) {
  button.disabled = true;
  const label = button.textContent;
  button.textContent = 'Preparing…';
  try {
    const files = [];
    const lines = [narrative.text.trimEnd(), '', '## Charts', ''];
    for (const [i, { chart, blob }] of charts.entries()) {
      const id = chart.chartId || `chart-${i + 1}`;
      const name = `charts/${id}.png`;
      const alt = chart.alt || chart.title || `Chart ${i + 1}`;
      lines.push(`![${escapeMarkdown(alt)}](${name})`, '');
      if (chart.alt && chart.alt !== chart.title) lines.push(`*${escapeMarkdown(chart.alt)}*`, '');
      files.push({ name, data: new Uint8Array(await blob.arrayBuffer()) });
      const extras = [];
      if (chart.dataUrl) {
        const data = await artifact(chart.dataUrl);
        files.push({ name: `charts/${id}.csv`, data: new Uint8Array(await data.blob.arrayBuffer()) });
        extras.push(`[plotted data (CSV)](charts/${id}.csv)`);
      }
      if (chart.specUrl) {
        const spec = await artifact(chart.specUrl);
        files.push({ name: `charts/${id}.vl.json`, data: new Uint8Array(await spec.blob.arrayBuffer()) });
        extras.push(`[Vega-Lite spec](charts/${id}.vl.json)`);
      }
      if (extras.length) lines.push(extras.join(' · '), '');
    }
    if (refined.datasetUrl) {
      const { blob } = await artifact(refined.datasetUrl);
      files.push({ name: 'dataset.csv', data: new Uint8Array(await blob.arrayBuffer()) });
      lines.push('## Data', '', 'The rows behind this story: [dataset.csv](dataset.csv)', '');
    }
    const p = refined.provenance ?? {};
    const file = state.data?.file ?? {};
    lines.push('---', '', `Written by DataStoryBot (${escapeMarkdown(p.engine ?? 'engine')}${p.engineVersion ? ` ${escapeMarkdown(p.engineVersion)}` : ''}${p.model ? `, model ${escapeMarkdown(p.model)}` : ''}) from ${escapeMarkdown(file.name ?? 'the uploaded file')}${refined.dataSha256 ? ` (SHA-256 ${refined.dataSha256})` : ''}${refined.completedAt ? ` on ${String(refined.completedAt).slice(0, 10)}` : ''}.`, '');
    files.unshift({ name: 'story.md', data: lines.join('\n') });
    const url = URL.createObjectURL(createZip(files));
    triggerDownload(url, `${slugify(refined.title)}.zip`);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    showNotice(`${error.title ?? 'The story could not be packed'}. ${error.detail ?? ''}`, { kind: 'warn' });
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function backToStories() {
  const storyId = state.storyId;
  state.storyId = null;
  store.set(KEYS.view, null);
  showSessionView();
  const card = [...$('story-cards').children].find((li) => li.dataset.storyId === storyId);
  const target = card?.querySelector('button') ?? $('stories-heading');
  target.focus({ preventScroll: true });
  (card ?? $('stories-heading')).scrollIntoView({ block: 'center' });
}

function openLightbox(url, caption, alt = caption) {
  $('lightbox-image').src = url;
  $('lightbox-image').alt = alt;
  $('lightbox-caption').textContent = caption;
  $('lightbox').showModal();
}

// ---------- delete and start over ----------

async function deleteData() {
  const { id, token } = state.session ?? {};
  if (!id) return;
  try {
    await call('DELETE', `/api/sessions/${encodeURIComponent(id)}`, { token });
  } catch (error) {
    if (error.status !== 404) {
      showNotice(`${error.title}. ${error.detail}`, { kind: 'warn' });
      return;
    }
  }
  forget();
  showUploadOnly();
  showNotice('Your file, stories and charts were deleted from the server.');
  focusHeading($('upload-heading'));
}

function startOver() {
  forget();
  showUploadOnly();
  focusHeading($('upload-heading'));
}

// ---------- start ----------

async function resume(saved) {
  state.session = saved;
  $('upload-section').hidden = true;
  showNotice('Loading your session…');
  try {
    await refreshSession();
  } catch (error) {
    if (error.status === 404) return sessionGone();
    showUploadOnly();
    state.session = saved;
    showNotice(`${error.title}. ${error.detail}`, { kind: 'warn', action: { label: 'Try again', run: () => resume(saved) } });
    return;
  }
  clearNotice();
  showSessionView();
  // The job this tab started (kept in sessionStorage), else one the server says is still running.
  const active = state.data.activeJobs?.[0];
  const job = store.get(KEYS.job) ?? (active ? jobFromActive(active) : null);
  if (job) {
    if (job.phase === 'refine' && !job.title) {
      const story = state.data.stories?.find((s) => s.storyId === job.storyId);
      job.title = story?.title;
    }
    runJob(job, true);
    return;
  }
  showRecordedFailures();
  const view = store.get(KEYS.view);
  if (view?.storyId && state.data.refined?.some((r) => r.storyId === view.storyId)) openStory(view.storyId);
}

// A job that failed while no tab was watching it (or just before a reload) is recorded on the session under
// lastErrors ("analyze", "refine:{storyId}") until that phase next succeeds: say what happened and what to do.
function showRecordedFailures() {
  const errors = state.data.lastErrors ?? {};
  if (errors.analyze) {
    const retry = { label: 'Try again', primary: true, run: () => retryJob({ phase: 'analyze' }) };
    showProblem($('analyze-error'), new JobFailedError(errors.analyze), [retry]);
  }
  const refined = new Set((state.data.refined ?? []).map((r) => r.storyId));
  const failedStory = Object.keys(errors)
    .filter((key) => key.startsWith('refine:'))
    .map((key) => ({ problem: errors[key], story: state.data.stories?.find((s) => s.storyId === key.slice('refine:'.length)) }))
    .find(({ story }) => story && !refined.has(story.storyId));
  if (failedStory) {
    const { problem, story } = failedStory;
    const retry = { label: 'Try again', primary: true, run: () => retryJob({ phase: 'refine', storyId: story.storyId, title: story.title }) };
    const others = (state.data.stories?.length ?? 0) > 1 ? [{ label: 'Pick another story', run: () => focusCards() }] : [];
    const failure = new JobFailedError({ ...problem, title: `“${story.title}”: ${problem.title ?? 'the story could not be written'}` });
    showProblem($('refine-error'), failure, [retry, ...others]);
  }
}

function jobFromActive(active) {
  const [kind, storyId] = String(active.kind ?? '').split(':');
  return { url: active.statusUrl, phase: kind === 'refine' ? 'refine' : 'analyze', storyId: storyId ?? null, startedAt: Date.now() };
}

function init() {
  wireUpload();
  $('analyze-form').addEventListener('submit', analyze);
  $('back-to-stories').addEventListener('click', backToStories);
  $('new-file').addEventListener('click', startOver);
  $('delete-data').addEventListener('click', () => {
    $('confirm-delete').returnValue = '';
    $('confirm-delete').showModal();
  });
  $('confirm-delete').addEventListener('close', () => {
    if ($('confirm-delete').returnValue === 'delete') deleteData();
  });
  $('lightbox').addEventListener('click', (e) => {
    if (e.target === $('lightbox')) $('lightbox').close();
  });
  $('lightbox').addEventListener('close', () => $('lightbox-image').removeAttribute('src'));

  const saved = store.get(KEYS.session);
  if (saved?.id && saved?.token) resume(saved);
  else showUploadOnly();
}

init();
