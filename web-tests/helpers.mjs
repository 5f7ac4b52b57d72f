// Shared by the browser tests: launch Debian's chromium through playwright-core, watch a page for script
// errors and dialogs, and build test files. The host under test is DSB_WEB_URL (scripts/browser-tests.sh sets it).
import { readFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { chromium } from 'playwright-core';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BASE_URL = (process.env.DSB_WEB_URL ?? 'http://127.0.0.1:7071').replace(/\/$/, '');
export const DATA_DIR = join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data');
export const SCREENSHOT_DIR = process.env.DSB_WEB_SCREENSHOTS ?? join(tmpdir(), 'dsb-web-screenshots');
const EXECUTABLE = process.env.DSB_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * One chromium per test file (node --test runs each file in a process of its own), closed after the file's last test:
 * launching chromium with a new profile for every test cost each test about a second.
 */
let browser = null;
after(async () => {
  if (browser) await (await browser).close().catch(() => {});
});

/**
 * Opens a page in a fresh browser context (its own cookies, storage and cache, as a fresh profile had) and returns
 * { context, page, events, close }.
 * events collects uncaught page errors, console errors, dialogs (dismissed at once), and CSP violations reported by the page.
 */
export async function openBrowser({ viewport = { width: 1280, height: 900 } } = {}) {
  browser ??= chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
  const context = await (await browser).newContext({
    viewport,
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(20_000);
  const events = { pageErrors: [], consoleErrors: [], dialogs: [], cspViolations: [] };
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => events.pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') events.consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const close = async () => {
    await context.close().catch(() => {});
  };
  return { context, page, events, close };
}

/** The CSP violations the page saw (inline scripts or styles that were blocked). */
export const cspViolations = (page) => page.evaluate(() => window.__cspViolations ?? []);

export async function screenshot(page, name, options = {}) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path, ...options });
  return path;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function downloadBytes(download) {
  const path = await download.path();
  return readFile(path);
}

/** Waits until every <img> under `selector` has loaded with a real bitmap (naturalWidth > 0); returns their sizes. */
export async function loadedImages(page, selector) {
  await page.waitForFunction((sel) => {
    const images = [...document.querySelectorAll(`${sel} img`)];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  }, selector);
  return page.$$eval(`${selector} img`, (images) => images.map((img) => ({ width: img.naturalWidth, height: img.naturalHeight, src: img.currentSrc })));
}

/** Reads a ZIP archive's stored entries (the page writes uncompressed ZIPs). */
export function readZip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('No end-of-central-directory record');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('Bad central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const offset = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const localNameLength = buffer.readUInt16LE(offset + 26);
    const localExtra = buffer.readUInt16LE(offset + 28);
    const data = buffer.subarray(offset + 30 + localNameLength + localExtra, offset + 30 + localNameLength + localExtra + size);
    entries.set(name, { method, crc, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Uploads a file through the page's file picker input. */
export async function uploadFile(page, file) {
  await page.locator('#file-input').setInputFiles(file);
}

/** A CSV whose column names and cell values are HTML and script payloads. */
export function xssCsv() {
  const regions = ['<b>north</b>', '<script>window.__xss=2</script>', 'south & east', '<img src=z onerror=alert(3)>'];
  const lines = ['month,<img src=x onerror=alert(1)>,<img src=y onerror=window.__xss=1>,region'];
  let seed = 42;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 4;
  for (let i = 0; i < 120; i++) {
    const a = (10 + i * 0.5 + noise()).toFixed(2);
    const b = (Number(a) * 2 + noise()).toFixed(2);
    const month = `${2012 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
    lines.push(`${month},${a},${b},${regions[i % regions.length]}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** A generated sales CSV of `rows` rows (about 47 bytes a row), big enough that analysis takes a few seconds. */
export function salesCsv(rows) {
  const regions = ['North', 'South', 'East', 'West', 'Central'];
  const products = ['Widget', 'Gadget', 'Doohickey', 'Sprocket'];
  const lines = ['date,region,product,units,price,revenue'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < rows; i++) {
    const date = new Date(start + Math.floor(i / 100) * 86_400_000).toISOString().slice(0, 10);
    const units = 1 + Math.floor(next() * 50);
    const price = (5 + next() * 95 + (i / rows) * 10).toFixed(2);
    lines.push(`${date},${regions[i % 5]},${products[Math.floor(next() * 4)]},${units},${price},${(units * Number(price)).toFixed(2)}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

const AXE_SOURCE = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource = null;

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) on the page as it is now and returns its serious and
 * critical violations as readable lines ("rule (impact): target — summary"). axe is evaluated through the
 * DevTools protocol, not added as a <script>, so the page's CSP stays as served.
 */
export async function axeViolations(page, { include = null, impacts = ['serious', 'critical'] } = {}) {
  axeSource ??= await readFile(AXE_SOURCE, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (context) => {
    const result = await window.axe.run(context ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`) }));
  }, include);
  return violations
    .filter((v) => impacts.includes(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n}`));
}
