/**
 * The dashboard page: one HTML document with inline CSS and a small script that polls the JSON API
 * and draws inline SVG — best-so-far curve, Pareto front (multi-objective studies), parallel
 * coordinates of the decisions, and the trials table — plus the explaining views of
 * `explain-page.ts`. No framework, no external requests.
 */
import { EXPLAIN_CSS, EXPLAIN_SCRIPT, EXPLAIN_SECTIONS } from './explain-page.js';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{display:flex;gap:16px;align-items:center;padding:10px 20px;background:#1d2733;color:#fff}
header h1{font-size:18px;margin:0}
header select{font-size:14px}
#status{margin-left:auto;font-size:12px;opacity:.8}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px;padding:16px 20px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 14px}
section h2{font-size:14px;margin:0 0 6px}
section.wide{grid-column:1/-1}
svg{width:100%;height:auto;display:block}
svg text{font-size:11px;fill:#4a5866}
.axis{stroke:#9aa6b2;stroke-width:1}
.grid{stroke:#eef1f4}
.empty{fill:#9aa6b2;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eef1f4;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.completed td:nth-child(2){color:#18794e}tr.failed td:nth-child(2),tr.infeasible td:nth-child(2){color:#b42318}tr.running td:nth-child(2){color:#9a6700}
tr.best{background:#fff7d6}
#trials-wrap{max-height:420px;overflow:auto}
`;

/**
 * The page's polling interval from its `?refresh=` parameter (ms): 2 000 when absent or not a
 * number (`?refresh=abc` once made the page poll in a tight loop), at least 200. Runs in the page too.
 */
export function refreshInterval(param: string | null): number {
  const ms = Number(param);
  if (param === null || param.trim() === '' || !Number.isFinite(ms)) return 2000;
  return Math.max(200, ms);
}

const SCRIPT = String.raw`
const qs = new URLSearchParams(location.search);
const refreshMs = (${refreshInterval.toString()})(qs.get('refresh'));
let current = qs.get('study');
const $ = (id) => document.getElementById(id);
const NS = 'http://www.w3.org/2000/svg';
function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fmt(x) {
  if (typeof x !== 'number') return String(x);
  if (!isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}
function first(r) { return Array.isArray(r) ? r[0] : r; }
function flat(dna, out = []) {
  if (typeof dna === 'number') out.push(dna);
  else if (Array.isArray(dna)) { if (typeof dna[0] === 'number') out.push(dna[0]); for (let i = 1; i < dna.length; i++) flat(dna[i], out); }
  return out;
}
function dnaText(j) { // [null, 1, [0, 2]] -> [1, 0:[2]]
  if (!Array.isArray(j)) return j === null ? '-' : typeof j === 'number' ? fmt(j) : String(j);
  const inner = '[' + j.slice(1).map(dnaText).join(', ') + ']';
  return j[0] === null ? inner : dnaText(j[0]) + ':' + inner;
}
function metricsText(m) { return m ? Object.entries(m).map(([k, v]) => k + '=' + fmt(v)).join(' ') : ''; }
function scale(lo, hi, a, b) {
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  return (v) => a + ((v - lo) / (hi - lo)) * (b - a);
}
function ticks(lo, hi) { return [lo, (lo + hi) / 2, hi]; }
function color(t) { // 0..1 -> blue..orange
  const h = 220 - 190 * Math.max(0, Math.min(1, t));
  return 'hsl(' + h + ',75%,45%)';
}
function frame(svg, W, H, m, xs, ys, xl, yl) {
  svg.replaceChildren();
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  for (const t of ticks(...ys.domain)) {
    const y = ys(t);
    svg.append(el('line', { class: 'grid', x1: m.l, x2: W - m.r, y1: y, y2: y }), el('text', { x: m.l - 6, y: y + 4, 'text-anchor': 'end' }, fmt(t)));
  }
  for (const t of ticks(...xs.domain)) svg.append(el('text', { x: xs(t), y: H - m.b + 16, 'text-anchor': 'middle' }, fmt(t)));
  svg.append(el('line', { class: 'axis', x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }), el('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
  svg.append(el('text', { x: (m.l + W - m.r) / 2, y: H - 4, 'text-anchor': 'middle' }, xl), el('text', { x: 12, y: (m.t + H - m.b) / 2, transform: 'rotate(-90 12 ' + (m.t + H - m.b) / 2 + ')', 'text-anchor': 'middle' }, yl));
}
function withDomain(f, lo, hi) { f.domain = [lo, hi]; return f; }
function empty(svg, text) { svg.replaceChildren(); svg.setAttribute('viewBox', '0 0 520 60'); svg.append(el('text', { class: 'empty', x: 260, y: 34, 'text-anchor': 'middle' }, text)); svg.dataset.points = '0'; }

function drawBest(done, objectives) {
  const svg = $('best');
  if (done.length === 0) return empty(svg, 'no completed trials yet');
  const W = 520, H = 260, m = { l: 56, r: 24, t: 10, b: 36 };
  const ord = done.slice().sort((a, b) => a.completedSeq - b.completedSeq);
  const ys_ = ord.map((t) => first(t.reward));
  let lo = Math.min(...ys_), hi = Math.max(...ys_);
  const xs = withDomain(scale(1, Math.max(2, ord.length), m.l, W - m.r), 1, Math.max(2, ord.length));
  const ys = withDomain(scale(lo, hi, H - m.b, m.t), lo, hi);
  frame(svg, W, H, m, xs, ys, 'completed trials', objectives[0] || 'reward');
  let best = -Infinity, d = '';
  const every = Math.max(1, Math.ceil(ord.length / 1500)); // at most ~1,500 dots; the line uses every trial
  ord.forEach((t, i) => {
    const y = ys_[i];
    if (i % every === 0) svg.append(el('circle', { cx: xs(i + 1), cy: ys(y), r: 2.5, fill: '#9aa6b2', 'data-trial': t.id }));
    best = Math.max(best, y);
    d += (i ? 'L' : 'M') + xs(i + 1).toFixed(1) + ',' + ys(best).toFixed(1);
  });
  svg.append(el('path', { d, fill: 'none', stroke: '#d9480f', 'stroke-width': 2, class: 'best-line' }));
  svg.dataset.points = String(ord.length);
}

function dominates(a, b) {
  let strict = false;
  for (let i = 0; i < a.length; i++) { if (a[i] < b[i]) return false; if (a[i] > b[i]) strict = true; }
  return strict;
}
function drawPareto(done, objectives) {
  const svg = $('pareto');
  const multi = done.filter((t) => Array.isArray(t.reward) && t.reward.length >= 2);
  $('pareto-section').hidden = multi.length === 0;
  if (multi.length === 0) return empty(svg, 'single-objective study');
  const W = 520, H = 260, m = { l: 56, r: 24, t: 10, b: 36 };
  const xv = multi.map((t) => t.reward[0]), yv = multi.map((t) => t.reward[1]);
  const xs = withDomain(scale(Math.min(...xv), Math.max(...xv), m.l, W - m.r), Math.min(...xv), Math.max(...xv));
  const ys = withDomain(scale(Math.min(...yv), Math.max(...yv), H - m.b, m.t), Math.min(...yv), Math.max(...yv));
  frame(svg, W, H, m, xs, ys, objectives[0] || 'objective 0', objectives[1] || 'objective 1');
  const front = multi.filter((t) => !multi.some((o) => o !== t && dominates(o.reward, t.reward)));
  for (const t of multi) svg.append(el('circle', { cx: xs(t.reward[0]), cy: ys(t.reward[1]), r: 3, fill: front.includes(t) ? '#d9480f' : '#9aa6b2', class: front.includes(t) ? 'front' : 'dominated', 'data-trial': t.id }));
  const f = front.slice().sort((a, b) => a.reward[0] - b.reward[0]);
  svg.append(el('path', { d: f.map((t, i) => (i ? 'L' : 'M') + xs(t.reward[0]).toFixed(1) + ',' + ys(t.reward[1]).toFixed(1)).join(''), fill: 'none', stroke: '#d9480f', 'stroke-dasharray': '4 3' }));
  svg.dataset.points = String(multi.length);
  svg.dataset.front = String(front.length);
}

function drawParallel(done, names) {
  const svg = $('parallel');
  const rows = done.map((t) => ({ t, v: flat(t.dna) })).filter((r) => r.v.length > 0);
  if (rows.length === 0) return empty(svg, 'no completed trials yet');
  const n = Math.max(...rows.map((r) => r.v.length));
  const W = Math.max(1100, 90 * n + 60), H = 310, m = { l: 36, r: 36, t: 24, b: 40 };
  svg.replaceChildren();
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  const x = (i) => m.l + (n === 1 ? (W - m.l - m.r) / 2 : (i * (W - m.l - m.r)) / (n - 1));
  const cols = Array.from({ length: n }, (_, i) => rows.map((r) => r.v[i]).filter((v) => v !== undefined));
  const ys = cols.map((c) => scale(Math.min(...c), Math.max(...c), H - m.b, m.t));
  const rs = rows.map((r) => first(r.t.reward));
  const rlo = Math.min(...rs), rhi = Math.max(...rs);
  rows.sort((a, b) => first(a.t.reward) - first(b.t.reward));
  const drawn = rows.length > 1000 ? rows.filter((_, i) => i % Math.ceil(rows.length / 1000) === 0 || i >= rows.length - 100) : rows;
  for (const r of drawn) {
    const d = r.v.map((v, i) => (i ? 'L' : 'M') + x(i).toFixed(1) + ',' + ys[i](v).toFixed(1)).join('');
    svg.append(el('path', { d, fill: 'none', stroke: color(rhi > rlo ? (first(r.t.reward) - rlo) / (rhi - rlo) : 1), 'stroke-opacity': 0.55, 'stroke-width': 1.3, class: 'line', 'data-trial': r.t.id }));
  }
  for (let i = 0; i < n; i++) {
    svg.append(el('line', { class: 'axis', x1: x(i), x2: x(i), y1: m.t, y2: H - m.b }));
    svg.append(el('text', { x: x(i), y: H - 6, 'text-anchor': 'middle', class: 'axis-name' }, names[i] || 'd' + i));
    const c = cols[i];
    svg.append(el('text', { x: x(i), y: m.t - 8, 'text-anchor': 'middle', class: 'axis-max' }, fmt(Math.max(...c))), el('text', { x: x(i), y: H - m.b + 14, 'text-anchor': 'middle', class: 'axis-min' }, fmt(Math.min(...c))));
  }
  svg.dataset.points = String(rows.length);
  svg.dataset.lines = String(drawn.length);
  svg.dataset.axes = String(n);
}

const TABLE_ROWS = 300;
function drawTable(trials, bestId) {
  const body = $('trials').tBodies[0];
  const rows = [];
  const latest = trials.slice(-TABLE_ROWS).reverse();
  const bestRow = trials.find((t) => t.id === bestId);
  if (bestRow && !latest.includes(bestRow)) latest.push(bestRow);
  $('trials-note').textContent = trials.length > TABLE_ROWS ? 'the latest ' + TABLE_ROWS + ' of ' + trials.length.toLocaleString('en-US') + ' trials, and the best (tsglove study export has them all)' : '';
  for (const t of latest) {
    const tr = document.createElement('tr');
    tr.className = t.status + (t.id === bestId ? ' best' : '');
    const reward = t.reward === undefined ? '' : Array.isArray(t.reward) ? '[' + t.reward.map(fmt).join(', ') + ']' : fmt(t.reward);
    const params = Object.entries((t.metadata && t.metadata.params) || {}).map(([k, v]) => k + '=' + (typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
    const cells = [t.id, t.status, reward, metricsText(t.metrics), params, dnaText(t.dna), t.reason || '', t.completedAt ? new Date(t.completedAt).toISOString().slice(11, 19) : ''];
    tr.dataset.trial = String(t.id);
    tr.addEventListener('click', () => window.showTrial && window.showTrial(t.id));
    cells.forEach((c, i) => { const td = document.createElement('td'); td.textContent = String(c); if (i === 0 || i === 2) td.className = 'num'; tr.append(td); });
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

async function loadStudies() {
  const res = await fetch('/api/studies');
  const studies = await res.json();
  const sel = $('study');
  const names = studies.map((s) => s.name);
  if (!current || !names.includes(current)) current = names[0] || null;
  if ([...sel.options].map((o) => o.value).join('\n') !== names.join('\n')) {
    sel.replaceChildren(...studies.map((s) => new Option(s.name + ' (' + s.algorithm + ')', s.name)));
  }
  sel.value = current || '';
}

async function refresh() {
  try {
    await loadStudies();
    if (!current) { $('summary').textContent = 'no studies in this storage yet'; return; }
    const res = await fetch('/api/studies/' + encodeURIComponent(current));
    if (!res.ok) throw new Error((await res.json()).error);
    const { study, trials } = await res.json();
    const done = trials.filter((t) => t.status === 'completed');
    const objectives = Array.isArray(study.metadata.objectives) ? study.metadata.objectives : [];
    const names = Array.isArray(study.metadata.decisions) ? study.metadata.decisions : [];
    const best = done.reduce((b, t) => (!b || first(t.reward) > first(b.reward) ? t : b), null);
    const count = (s) => trials.filter((t) => t.status === s).length;
    $('summary').textContent = study.name + ': ' + study.algorithm + ' (seed ' + study.seed + '), ' + trials.length + ' trials — ' + count('completed') + ' completed, ' + count('running') + ' running, ' + (count('failed') + count('infeasible')) + ' failed' + (best ? ' · best trial ' + best.id + ': ' + fmt(first(best.reward)) : '');
    drawBest(done, objectives);
    drawPareto(done, objectives);
    drawParallel(done, names);
    drawTable(trials, best && best.id);
    for (const view of window.tsgloveViews || []) view(study, trials);
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString() + ' · every ' + refreshMs / 1000 + ' s';
    document.body.dataset.trials = String(trials.length);
  } catch (e) {
    $('status').textContent = 'refresh failed: ' + e.message;
  }
}
$('study').addEventListener('change', (e) => { current = e.target.value; const u = new URL(location.href); u.searchParams.set('study', current); history.replaceState(null, '', u); refresh(); });
refresh();
setInterval(refresh, refreshMs);
`;

/** The dashboard's HTML (read-only: it only GETs the JSON API). */
export function dashboardPage(title: string): string {
  const esc = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tsglove · ${esc}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}${EXPLAIN_CSS}</style></head>
<body>
<header><h1>tsglove dashboard</h1><select id="study" aria-label="study"></select><span id="summary"></span><span id="status">loading…</span></header>
<main>
<section><h2>Best so far</h2><svg id="best" role="img" aria-label="best reward so far"></svg></section>
<section id="pareto-section"><h2>Pareto front</h2><svg id="pareto" role="img" aria-label="Pareto front"></svg></section>
<section class="wide"><h2>Decisions (parallel coordinates, colour = reward)</h2><svg id="parallel" role="img" aria-label="parallel coordinates"></svg></section>
${EXPLAIN_SECTIONS}
<section class="wide"><h2>Trials (click one for its page)</h2><p class="note" id="trials-note"></p><div id="trials-wrap"><table id="trials"><thead><tr><th>id</th><th>status</th><th>reward</th><th>metrics</th><th>params</th><th>dna</th><th>reason</th><th>completed (UTC)</th></tr></thead><tbody></tbody></table></div></section>
</main>
<script>${SCRIPT}</script>
<script>${EXPLAIN_SCRIPT}</script>
</body></html>`;
}
