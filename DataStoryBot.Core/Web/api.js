// The DataStoryBot API as the page uses it: JSON calls with the session's bearer token, RFC 9457 problems turned
// into { title, detail } a person can read, the upload with progress, and start-and-poll jobs.

/** An API answer that is not a success. `title` and `detail` are meant for people; `status` 0 means no answer. */
export class ApiError extends Error {
  constructor(status, title, detail, { type = null, retryAfter = null, body = null } = {}) {
    super(`${title}: ${detail}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = type;
    this.retryAfter = retryAfter;
    this.body = body;
  }

  get slug() {
    return this.type ? String(this.type).split(':').pop() : null;
  }
}

const FALLBACK = {
  0: ['Could not reach DataStoryBot', 'The server did not answer. Check your connection, then try again.'],
  400: ['The request was not accepted', 'Something in the request was not understood. Reload the page and try again.'],
  404: ['Not found', 'This session no longer exists: it was deleted or has expired. Upload the file again.'],
  413: ['The file is too large', 'The file is larger than the upload limit (50 MB). Split the file or remove unused columns, then upload it again.'],
  415: ['The file is not a CSV', 'Export the data as CSV (comma, semicolon, tab or pipe separated text) and upload that file.'],
  422: ['The file could not be used', 'The file could not be read as a table. Check that it is a CSV with a header row and data rows.'],
  429: ['Too many requests', 'DataStoryBot is busy. Wait a minute, then try again.'],
  503: ['The analysis service is degraded', 'The analysis service is having problems. Your file and earlier results are safe; try again in a few minutes.'],
  500: ['Something went wrong on the server', 'The server could not complete the request. Your file and earlier results are safe; try again in a few minutes.'],
};

function fallback(status) {
  return FALLBACK[status] ?? (status >= 500 ? FALLBACK[500] : FALLBACK[400]);
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/** Turns a status, a parsed body (or text) and headers into an ApiError with words for people, never raw JSON. */
export function problemFrom(status, body, retryAfterHeader = null) {
  const [title, detail] = fallback(status);
  const isProblem = body && typeof body === 'object';
  const text = (value, otherwise) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : otherwise);
  return new ApiError(status, text(isProblem ? body.title : null, title), text(isProblem ? body.detail : null, detail), {
    type: isProblem ? body.type ?? null : null,
    retryAfter: parseRetryAfter(retryAfterHeader),
    body: isProblem ? body : null,
  });
}

function parseBody(text, contentType) {
  if (!text) return null;
  if (/json/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Calls the API. Resolves { status, body, headers } for 2xx; throws ApiError otherwise.
 * @param {string} method
 * @param {string} url a same-origin path
 * @param {{ token?: string, json?: unknown, headers?: Record<string,string>, signal?: AbortSignal }} [options]
 */
export async function call(method, url, { token, json, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, signal, cache: 'no-store' };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw problemFrom(0, null);
  }
  const text = await response.text().catch(() => '');
  const body = parseBody(text, response.headers.get('Content-Type'));
  if (!response.ok) throw problemFrom(response.status, body, response.headers.get('Retry-After'));
  return { status: response.status, body, headers: response.headers };
}

/** Fetches an artifact (chart, narrative, dataset) with the token, as a Blob. */
export async function fetchBlob(url, token, signal) {
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw problemFrom(0, null);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw problemFrom(response.status, parseBody(text, response.headers.get('Content-Type')));
  }
  return response.blob();
}

/**
 * Uploads a file as multipart field `file` with XMLHttpRequest, for its upload progress events.
 * @param {File} file
 * @param {(sent: number, total: number) => void} onProgress
 * @param {{ sheet?: string|null }} options sheet: for a workbook, the worksheet to read (?sheet=)
 * @returns {{ promise: Promise<any>, abort: () => void }} resolves the 201 body; rejects with ApiError
 */
export function upload(file, onProgress, { sheet = null } = {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', sheet ? `/api/upload?sheet=${encodeURIComponent(sheet)}` : '/api/upload');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.upload.addEventListener('load', () => onProgress(file.size, file.size));
    xhr.addEventListener('load', () => {
      const body = parseBody(xhr.responseText, xhr.getResponseHeader('Content-Type'));
      if (xhr.status === 201 && body?.sessionId && body?.sessionToken) resolve(body);
      else reject(problemFrom(xhr.status || 0, body, xhr.getResponseHeader('Retry-After')));
    });
    xhr.addEventListener('error', () => reject(problemFrom(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** A job that ended in failure: the problem the API reported (what happened, what to do). */
export class JobFailedError extends ApiError {
  constructor(problem) {
    super(problem.status ?? 500, problem.title ?? 'The analysis failed', problem.detail ?? 'Try again in a few minutes.', { type: problem.type, body: problem });
    this.name = 'JobFailedError';
    this.phase = problem.phase ?? null;
  }
}

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => {
    clearTimeout(timer);
    reject(new DOMException('Polling stopped', 'AbortError'));
  }, { once: true });
});

/**
 * Polls a job status URL until it finishes, following Retry-After (1–10 s) and riding out short outages.
 * @param {string} url
 * @param {string} token
 * @param {{ onProgress: (status: any) => void, onRetrying?: (error: ApiError | null) => void, signal?: AbortSignal }} hooks
 * @returns {Promise<any>} the succeeded job status; rejects with JobFailedError, or ApiError when it cannot poll
 */
export async function pollJob(url, token, { onProgress, onRetrying, signal, firstDelayMs = 300 }) {
  let delay = firstDelayMs;
  let failures = 0;
  for (;;) {
    await sleep(delay, signal);
    let answer;
    try {
      answer = await call('GET', url, { token, signal });
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      const transient = error.status === 0 || error.status === 429 || error.status >= 500;
      if (!transient || ++failures > 8) throw error;
      onRetrying?.(error);
      delay = Math.min(10_000, (error.retryAfter ?? 2 ** failures) * 1000);
      continue;
    }
    if (failures > 0) onRetrying?.(null);
    failures = 0;
    const body = answer.body ?? {};
    const jobStatus = body.jobStatus ?? body.status; // a failed job is a problem: its own status is numeric
    if (answer.status === 202 || jobStatus === 'running') {
      onProgress(body);
      const retry = parseRetryAfter(answer.headers.get('Retry-After')) ?? 2;
      delay = Math.min(10, Math.max(1, retry)) * 1000;
      continue;
    }
    if (jobStatus === 'succeeded') return body;
    throw new JobFailedError(body);
  }
}

/** A random Idempotency-Key (works outside secure contexts too). */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
