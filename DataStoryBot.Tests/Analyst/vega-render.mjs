// Compiles Vega-Lite specs with vega-lite itself and renders them with vega the way the page does: the Vega spec
// parsed to ASTs (ast: true) and evaluated by vega-interpreter, never compiled to JavaScript. Run by the .NET tests
// (VegaLiteRenderTests) as `node --disallow-code-generation-from-strings vega-render.mjs < specs.json`, so any
// eval or new Function on the way fails as it would under the page's CSP (no 'unsafe-eval').
// stdin: [{ "name": "...", "spec": { ...Vega-Lite... } }, ...]
// stdout: [{ "name": "...", "ok": true, "marks": <mark items in the scene>, "svgBytes": n, "tooltipKeys": [keys of the
//   tooltip objects vega-tooltip would be handed, sorted] } | { "name", "ok": false, "error" }]
// With --serve it stays up for many batches (the tests start it once, not once per dataset): each stdin line is one
// such array, answered by one stdout line.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const vegaLite = require('vega-lite');
const vega = require('vega');
const { expressionInterpreter } = require('vega-interpreter');

// Counts the items of the chart's own marks (Vega-Lite names them "marks" or "layer_N_marks"; axes, legends and
// titles are other marks), walking down through group marks.
function countItems(node) {
  if (!node) return 0;
  let n = 0;
  if (node.marktype !== 'group' && /(^|_)marks$/.test(node.name ?? '')) n += node.items?.length ?? 0;
  for (const item of node.items ?? []) for (const child of item.items ?? []) n += countItems(child);
  return n;
}

// The keys of every tooltip object the chart's marks carry (what vega-tooltip gets when a reader points at a mark).
function tooltipKeys(node, keys = new Set()) {
  if (!node) return keys;
  for (const item of node.items ?? []) {
    if (item.tooltip && typeof item.tooltip === 'object') for (const k of Object.keys(item.tooltip)) keys.add(k);
    for (const child of item.items ?? []) tooltipKeys(child, keys);
  }
  return keys;
}

async function render(input) {
  const results = [];
  for (const { name, spec } of input) {
    const warnings = [];
    try {
      const logger = { level: () => logger, error: (...m) => warnings.push(m.join(' ')), warn: (...m) => warnings.push(m.join(' ')), info: () => logger, debug: () => logger };
      const { spec: vgSpec } = vegaLite.compile(spec, { logger });
      // The chart's width is "container" on the page; a headless view has no container, so give it a size.
      const runtime = vega.parse(vgSpec, undefined, { ast: true });
      const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter, logLevel: vega.Warn });
      view.logger({ level: () => 0, error: (...m) => warnings.push(m.join(' ')), warn: (...m) => warnings.push(m.join(' ')), info: () => 0, debug: () => 0 });
      if (view.signal('width') === 0) view.width(800);
      await view.runAsync();
      const marks = countItems(view.scenegraph().root);
      const keys = [...tooltipKeys(view.scenegraph().root)].sort();
      const svg = await view.toSVG();
      view.finalize();
      results.push({ name, ok: true, marks, svgBytes: svg.length, tooltipKeys: keys, warnings });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.message ?? error), warnings });
    }
  }
  return results;
}

if (process.argv.includes('--serve')) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    process.stdout.write(JSON.stringify(await render(JSON.parse(line))) + '\n');
  }
} else {
  const input = JSON.parse(await new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  }));
  process.stdout.write(JSON.stringify(await render(input)));
}
