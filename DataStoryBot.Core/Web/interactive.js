// The interactive view of a chart: vega-embed over the chart's Vega-Lite spec (…/charts/{chartId}/spec), with
// tooltips and, where the spec binds its scales, zoom and pan. The PNG stays the default and the fallback.
// vega, vega-lite, vega-interpreter and vega-embed are served by the app itself (/assets/, vendored in Web/vendor) and
// loaded only when a reader first asks for an interactive chart. The page's CSP has no 'unsafe-eval', so Vega parses
// expressions to ASTs (ast: true) and vega-interpreter evaluates them; vega-embed and vega-tooltip inject no <style>
// (defaultStyle: false, disableDefaultStyle: true): interactive.css styles them instead.

const SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-interpreter.min.js', 'vega-embed.min.js'];
const STYLESHEET = '/assets/interactive.css';

// The house style of the PNGs (HouseStyle.cs): Okabe-Ito blue for single series, the series colours (each at least
// 3:1 on white) for several, DejaVu Sans where the reader has it.
const CONFIG = {
  font: '"DejaVu Sans", system-ui, sans-serif',
  mark: { color: '#0072B2' },
  range: { category: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#A66F00', '#000000'] },
  axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#333333', titleColor: '#1c2333' },
  title: { fontSize: 15, color: '#1c2333' },
};

let loading = null;

// Views on screen; one whose chart left the page (another story opened) is finalized when the next one is drawn, so
// its listeners go with it.
const views = new Map();
function finalizeDetached() {
  for (const [host, view] of views) {
    if (!host.isConnected) {
      view.finalize();
      views.delete(host);
    }
  }
}

function loadScript(name) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `/assets/${name}`;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${name} could not be loaded`));
    document.head.append(script);
  });
}

function loadStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error('interactive.css could not be loaded'));
    document.head.append(link);
  });
}

/** Loads the chart scripts once (in order: each needs the ones before it); a failed load may be tried again. */
export function loadVega() {
  loading ??= (async () => {
    await loadStylesheet();
    for (const name of SCRIPTS) await loadScript(name);
    const { vegaEmbed, vega } = window;
    if (typeof vegaEmbed !== 'function' || typeof vega?.expressionInterpreter?.operator !== 'function') {
      throw new Error('the chart scripts did not start');
    }
    return { vegaEmbed, vega };
  })().catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

// vega-tooltip writes the tooltip as HTML; every value from the data is escaped here, quotes included.
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The tooltip's HTML: one row of text per key. vega-tooltip's own formatter renders a `title` key as a heading and an
 * `image` key as an <img src> (which the browser fetches); the server's specs never use those keys (VegaLiteSpec.cs),
 * and this formatter renders whatever keys a spec has as text, so no value from the data becomes markup or a request.
 */
export function formatTooltip(value, sanitize = escapeHtml) {
  const text = (v) => sanitize(v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  if (value === null || typeof value !== 'object') return text(value);
  if (Array.isArray(value)) return sanitize(value.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', '));
  const rows = Object.entries(value).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<tr><td class="key">${sanitize(k)}</td><td class="value">${text(v)}</td></tr>`);
  return rows.length > 0 ? `<table>${rows.join('')}</table>` : '';
}

/**
 * Adds an "Interactive chart" toggle to a chart's figure. The figure holds the PNG in `.chart-zoom`; the toggle
 * swaps it for the interactive view and back. Progress and failures are announced in the figure's status line.
 * @param {HTMLElement} figure the chart's <figure>, with a <figcaption>
 * @param {{ caption: string, alt: string, loadSpec: () => Promise<object> }} chart
 */
export function addInteractiveToggle(figure, { caption, alt, loadSpec }) {
  const picture = figure.querySelector('.chart-zoom');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button small chart-interactive-toggle';
  button.textContent = 'Interactive';
  button.setAttribute('aria-pressed', 'false');
  button.setAttribute('aria-label', `Interactive chart: ${caption}`);
  const status = document.createElement('p');
  status.className = 'chart-status';
  status.setAttribute('role', 'status');
  figure.querySelector('figcaption').before(status);

  let view = null;
  let host = null;

  const say = (text, kind = '') => {
    status.textContent = text;
    status.className = kind ? `chart-status ${kind}` : 'chart-status';
  };

  const showPicture = () => {
    view?.finalize();
    if (host) views.delete(host);
    view = null;
    host?.remove();
    host = null;
    picture.hidden = false;
    button.setAttribute('aria-pressed', 'false');
  };

  async function showInteractive() {
    button.disabled = true;
    figure.setAttribute('aria-busy', 'true');
    say('Loading the interactive chart…');
    try {
      const [{ vegaEmbed, vega }, spec] = await Promise.all([loadVega(), loadSpec()]);
      host = document.createElement('div');
      host.className = 'chart-interactive';
      host.setAttribute('role', 'img');
      host.setAttribute('aria-label', alt);
      picture.after(host);
      const result = await vegaEmbed(host, spec, {
        actions: false,
        renderer: 'svg',
        ast: true,
        expr: vega.expressionInterpreter,
        defaultStyle: false,
        config: CONFIG,
        tooltip: { disableDefaultStyle: true, sanitize: escapeHtml, formatTooltip },
        logLevel: vega.Error,
      });
      view = result.view;
      views.set(host, view);
      finalizeDetached();
      picture.hidden = true;
      button.setAttribute('aria-pressed', 'true');
      const zoom = Array.isArray(spec.params) && spec.params.some((p) => p.bind === 'scales');
      say(`Interactive chart: point at a mark for its values${zoom ? '; scroll or pinch to zoom, drag to pan, double-click to reset' : ''}. The data is in the CSV download.`);
    } catch (error) {
      showPicture();
      say(`The interactive chart could not be shown (${error?.message ?? 'unknown error'}); the picture is shown instead.`, 'warn');
    } finally {
      button.disabled = false;
      figure.removeAttribute('aria-busy');
      button.focus({ preventScroll: true });
    }
  }

  button.addEventListener('click', () => {
    if (button.getAttribute('aria-pressed') === 'true') {
      showPicture();
      say('Showing the picture.');
    } else {
      showInteractive();
    }
  });
  return button;
}
