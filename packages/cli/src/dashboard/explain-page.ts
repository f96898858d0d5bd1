/**
 * The dashboard's explaining views, added to the page (`page.ts`) as sections and a script that the
 * page's refresh calls with the study and its trials:
 * - optimization history: every trial's reward by trial id (failed or stopped ones marked), best so far;
 * - learning curves: each trial's measurements by step, trials stopped early dashed and marked ×;
 * - parameter importance (`importance.ts`, from `/api/studies/<name>/importance`), as bars;
 * - slice plots: reward against each parameter (numbers on a linear axis, other values as categories);
 * - a contour of any two parameters (mean reward per cell, chosen with two selects);
 * - the trial page (`?trial=<id>` or a click on a table row): parameters, metrics, the child program
 *   and, for models on a known accelerator, the per-layer cost and roofline (`trial-detail.ts`).
 * Large studies stay fast: plots draw at most a few thousand marks (seeded subsamples, stated on the plot).
 */

export const EXPLAIN_CSS = `
.bars rect{fill:#3b6fb6}.bars text{font-size:12px}
.slices{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:8px}
.note{font-size:12px;color:#6b7785;margin:4px 0}
#trial-section table td{white-space:normal}
#trial-program{max-height:320px;overflow:auto;background:#f6f7f9;padding:8px;font-size:12px}
#trial-roofline svg{max-width:560px}
.trial-top{display:grid;grid-template-columns:1fr 1fr;gap:16px}
#trials tbody tr{cursor:pointer}
.contour-controls select{margin:0 8px 6px 4px}
`;

export const EXPLAIN_SECTIONS = `
<section><h2>Optimization history</h2><svg id="history" role="img" aria-label="optimization history"></svg><p class="note" id="history-note"></p></section>
<section><h2>Learning curves (intermediate values; × = stopped early)</h2><svg id="curves" role="img" aria-label="learning curves"></svg><p class="note" id="curves-note"></p></section>
<section><h2>Parameter importance</h2><svg id="importance" role="img" aria-label="parameter importance"></svg><p class="note" id="importance-note"></p></section>
<section><h2>Contour</h2><div class="contour-controls">x <select id="contour-x" aria-label="contour x"></select> y <select id="contour-y" aria-label="contour y"></select></div><svg id="contour" role="img" aria-label="contour of two parameters"></svg></section>
<section class="wide"><h2>Slices (reward against each parameter)</h2><div id="slices" class="slices"></div><p class="note" id="slices-note"></p></section>
<section class="wide" id="trial-section" hidden><h2 id="trial-title">Trial</h2><div id="trial-body"></div></section>
`;

export const EXPLAIN_SCRIPT = String.raw`
(function () {
  const MAX_MARKS = 1500, SLICE_MARKS = 600;
  let lastImportance = null, importanceKey = '', contourState = { x: null, y: null }, latest = null;
  function sampleOf(items, max) { // deterministic stride subsample
    if (items.length <= max) return items;
    const out = []; const step = items.length / max;
    for (let i = 0; i < max; i++) out.push(items[Math.floor(i * step)]);
    return out;
  }
  function paramsOf(t) { return (t.metadata && t.metadata.params) || {}; }
  function isStopped(t) { return (t.metadata && t.metadata.pruned === true) || ((t.status === 'infeasible' || t.status === 'failed') && t.measurements && t.measurements.length > 0); }
  function paramNames(study, trials) {
    const order = Array.isArray(study.metadata.decisions) ? study.metadata.decisions.map(String) : [];
    const present = new Set();
    for (const t of trials) for (const k in paramsOf(t)) present.add(k);
    const out = [];
    for (const k of [...order, ...present]) if (present.has(k) && !out.includes(k)) out.push(k);
    return out;
  }
  function axisOf(values, a, b) { // numeric (linear) or categorical axis
    const numeric = values.every((v) => typeof v === 'number');
    if (numeric) {
      const lo = Math.min(...values), hi = Math.max(...values);
      const f = withDomain(scale(lo, hi, a, b), lo, hi); f.numeric = true; return f;
    }
    const cats = [...new Set(values.map((v) => JSON.stringify(v)))].sort();
    const w = (b - a) / cats.length;
    const f = (v) => a + w * (cats.indexOf(JSON.stringify(v)) + 0.5);
    f.cats = cats; f.width = w; f.domain = [0, cats.length - 1]; return f;
  }
  function jitter(id, w) { return (((id * 2654435761) % 1000) / 1000 - 0.5) * w * 0.6; }

  function drawHistory(study, trials) {
    const svg = $('history');
    const ended = trials.filter((t) => t.status === 'completed' || t.status === 'failed' || t.status === 'infeasible');
    const done = ended.filter((t) => t.status === 'completed');
    if (done.length === 0) { $('history-note').textContent = ''; return empty(svg, 'no completed trials yet'); }
    const W = 520, H = 260, m = { l: 56, r: 24, t: 10, b: 36 };
    const ys_ = done.map((t) => first(t.reward));
    const lo = Math.min(...ys_), hi = Math.max(...ys_);
    const maxId = Math.max(...trials.map((t) => t.id));
    const xs = withDomain(scale(1, Math.max(2, maxId), m.l, W - m.r), 1, Math.max(2, maxId));
    const ys = withDomain(scale(lo, hi, H - m.b, m.t), lo, hi);
    frame(svg, W, H, m, xs, ys, 'trial', (study.metadata.objectives || [])[0] || 'reward');
    const byId = done.slice().sort((a, b) => a.id - b.id);
    for (const t of sampleOf(byId, MAX_MARKS)) svg.append(el('circle', { cx: xs(t.id), cy: ys(first(t.reward)), r: 2.2, fill: '#9aa6b2', class: 'trial', 'data-trial': t.id }));
    const bad = sampleOf(ended.filter((t) => t.status !== 'completed'), 300);
    for (const t of bad) svg.append(el('text', { x: xs(t.id), y: H - m.b - 3, 'text-anchor': 'middle', class: 'failed-mark', fill: '#b42318' }, '×'));
    let best = -Infinity, d = '';
    byId.forEach((t, i) => { const y = first(t.reward); if (y > best) { best = y; } d += (i ? 'L' : 'M') + xs(t.id).toFixed(1) + ',' + ys(best).toFixed(1); });
    svg.append(el('path', { d, fill: 'none', stroke: '#d9480f', 'stroke-width': 2, class: 'best-line' }));
    svg.dataset.points = String(done.length);
    svg.dataset.failed = String(ended.length - done.length);
    $('history-note').textContent = done.length > MAX_MARKS ? 'showing ' + MAX_MARKS.toLocaleString('en-US') + ' of ' + done.length.toLocaleString('en-US') + ' completed trials (evenly spaced); the best-so-far line uses all' : '';
  }

  function drawCurves(study, trials) {
    const svg = $('curves');
    const withCurves = trials.filter((t) => t.measurements && t.measurements.length > 0);
    if (withCurves.length === 0) { $('curves-note').textContent = ''; return empty(svg, 'no trial reported intermediate values (feedback.addMeasurement)'); }
    const stopped = withCurves.filter(isStopped);
    const shown = withCurves.length > 300 ? [...stopped.slice(-100), ...withCurves.filter((t) => !isStopped(t)).slice(-200)] : withCurves;
    const W = 520, H = 260, m = { l: 56, r: 24, t: 10, b: 36 };
    let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
    for (const t of shown) for (const p of t.measurements) { const y = first(p.reward); xlo = Math.min(xlo, p.step); xhi = Math.max(xhi, p.step); ylo = Math.min(ylo, y); yhi = Math.max(yhi, y); }
    const xs = withDomain(scale(xlo, xhi, m.l, W - m.r), xlo, xhi), ys = withDomain(scale(ylo, yhi, H - m.b, m.t), ylo, yhi);
    frame(svg, W, H, m, xs, ys, 'step', 'intermediate value');
    for (const t of shown) {
      const s = isStopped(t);
      const d = t.measurements.map((p, i) => (i ? 'L' : 'M') + xs(p.step).toFixed(1) + ',' + ys(first(p.reward)).toFixed(1)).join('');
      svg.append(el('path', { d, fill: 'none', stroke: s ? '#b42318' : '#3b6fb6', 'stroke-opacity': s ? 0.7 : 0.45, 'stroke-dasharray': s ? '3 2' : '', class: s ? 'curve stopped' : 'curve', 'data-trial': t.id }));
      if (s) { const last = t.measurements[t.measurements.length - 1]; svg.append(el('text', { x: xs(last.step), y: ys(first(last.reward)) + 4, 'text-anchor': 'middle', fill: '#b42318', class: 'stop-mark' }, '×')); }
    }
    svg.dataset.curves = String(shown.length);
    svg.dataset.stopped = String(stopped.length);
    $('curves-note').textContent = withCurves.length + ' trials with intermediate values, ' + stopped.length + ' stopped early' + (shown.length < withCurves.length ? ' (showing the latest ' + shown.length + ')' : '');
  }

  async function drawImportance(study, trials) {
    const svg = $('importance');
    const done = trials.filter((t) => t.status === 'completed').length;
    const key = study.name + ':' + done;
    if (key !== importanceKey) {
      importanceKey = key;
      const res = await fetch('/api/studies/' + encodeURIComponent(study.name) + '/importance');
      lastImportance = await res.json();
    }
    const r = lastImportance;
    if (!r || !r.params || r.params.length === 0) { $('importance-note').textContent = ''; return empty(svg, 'needs at least 10 completed trials with parameters'); }
    const W = 520, rowH = 22, m = { l: 150, r: 60, t: 6 }, H = m.t + rowH * r.params.length + 6;
    svg.replaceChildren(); svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    const g = el('g', { class: 'bars' }); svg.append(g);
    const max = Math.max(...r.params.map((p) => p.importance), 1e-9);
    r.params.forEach((p, i) => {
      const y = m.t + i * rowH, w = ((W - m.l - m.r) * p.importance) / max;
      g.append(el('text', { x: m.l - 6, y: y + 15, 'text-anchor': 'end' }, p.name), el('rect', { x: m.l, y: y + 3, width: Math.max(0.5, w), height: rowH - 8, class: 'bar', 'data-param': p.name }), el('text', { x: m.l + w + 4, y: y + 15 }, (p.importance * 100).toFixed(1) + ' %'));
    });
    svg.dataset.params = String(r.params.length);
    $('importance-note').textContent = r.method + ', ' + r.trials + ' trials; held-out R² ' + fmt(r.r2);
    if (latest) drawSlices(latest.study, latest.trials);
  }

  function drawSlices(study, trials) {
    const box = $('slices');
    const done = trials.filter((t) => t.status === 'completed');
    let names = paramNames(study, done);
    if (lastImportance && lastImportance.params && lastImportance.params.length) names = lastImportance.params.map((p) => p.name).filter((n) => names.includes(n)).concat(names.filter((n) => !lastImportance.params.some((p) => p.name === n)));
    names = names.slice(0, 12);
    box.replaceChildren();
    if (done.length === 0 || names.length === 0) { $('slices-note').textContent = done.length ? 'trials store no parameters' : 'no completed trials yet'; return; }
    const shown = sampleOf(done, SLICE_MARKS);
    const ys_ = shown.map((t) => first(t.reward)), lo = Math.min(...ys_), hi = Math.max(...ys_);
    for (const name of names) {
      const rows = shown.filter((t) => name in paramsOf(t));
      const svg = el('svg', { class: 'slice', 'data-param': name, role: 'img', 'aria-label': 'slice ' + name });
      box.append(svg);
      const W = 280, H = 200, m = { l: 44, r: 10, t: 8, b: 34 };
      if (rows.length === 0) { empty(svg, name + ': never chosen'); continue; }
      const xs = axisOf(rows.map((t) => paramsOf(t)[name]), m.l, W - m.r);
      const ys = withDomain(scale(lo, hi, H - m.b, m.t), lo, hi);
      if (xs.numeric) frame(svg, W, H, m, xs, ys, name, 'reward');
      else {
        frame(svg, W, H, m, withDomain(scale(0, 1, m.l, W - m.r), 0, 1), ys, name, 'reward');
        for (const t of svg.querySelectorAll('text')) if (+t.getAttribute('y') === H - m.b + 16) t.remove();
        xs.cats.forEach((c) => { const v = JSON.parse(c); const label = String(v); svg.append(el('text', { x: xs(v), y: H - m.b + 14, 'text-anchor': 'middle', class: 'cat' }, label.length > 12 ? label.slice(0, 11) + '…' : label)); });
      }
      for (const t of rows) { const v = paramsOf(t)[name]; svg.append(el('circle', { cx: xs(v) + (xs.numeric ? 0 : jitter(t.id, xs.width)), cy: ys(first(t.reward)), r: 2, fill: '#3b6fb6', 'fill-opacity': 0.5, 'data-trial': t.id })); }
      svg.dataset.points = String(rows.length);
    }
    $('slices-note').textContent = (done.length > shown.length ? 'showing ' + shown.length + ' of ' + done.length + ' completed trials; ' : '') + 'ordered by importance when known';
  }

  function drawContour(study, trials) {
    const svg = $('contour');
    const done = trials.filter((t) => t.status === 'completed');
    const names = paramNames(study, done);
    const sx = $('contour-x'), sy = $('contour-y');
    if (names.length < 2) { sx.replaceChildren(); sy.replaceChildren(); return empty(svg, 'needs two parameters'); }
    if ([...sx.options].map((o) => o.value).join('\n') !== names.join('\n')) {
      sx.replaceChildren(...names.map((n) => new Option(n, n))); sy.replaceChildren(...names.map((n) => new Option(n, n)));
    }
    const qs = new URLSearchParams(location.search);
    contourState.x = names.includes(contourState.x) ? contourState.x : (names.includes(qs.get('x')) ? qs.get('x') : names[0]);
    contourState.y = names.includes(contourState.y) ? contourState.y : (names.includes(qs.get('y')) ? qs.get('y') : names[1]);
    sx.value = contourState.x; sy.value = contourState.y;
    const X = contourState.x, Y = contourState.y;
    const rows = done.filter((t) => X in paramsOf(t) && Y in paramsOf(t));
    if (rows.length === 0) return empty(svg, X + ' and ' + Y + ' never appear together');
    const W = 520, H = 300, m = { l: 70, r: 20, t: 10, b: 40 };
    const BINS = 12;
    const binner = (vals, a, b) => {
      const numeric = vals.every((v) => typeof v === 'number');
      if (numeric) {
        const lo = Math.min(...vals), hi = Math.max(...vals), n = hi > lo ? BINS : 1;
        return { n, of: (v) => Math.min(n - 1, Math.floor(((v - lo) / (hi - lo || 1)) * n)), label: (i) => fmt(lo + ((i + 0.5) * (hi - lo)) / n), pos: (i) => a + ((b - a) * (i + 0.5)) / n, w: (b - a) / n };
      }
      const cats = [...new Set(vals.map((v) => JSON.stringify(v)))].sort();
      return { n: cats.length, of: (v) => cats.indexOf(JSON.stringify(v)), label: (i) => String(JSON.parse(cats[i])).slice(0, 10), pos: (i) => a + ((b - a) * (i + 0.5)) / cats.length, w: (b - a) / cats.length };
    };
    const bx = binner(rows.map((t) => paramsOf(t)[X]), m.l, W - m.r), by = binner(rows.map((t) => paramsOf(t)[Y]), H - m.b, m.t);
    const sum = new Map(), cnt = new Map();
    for (const t of rows) { const k = bx.of(paramsOf(t)[X]) + ',' + by.of(paramsOf(t)[Y]); sum.set(k, (sum.get(k) || 0) + first(t.reward)); cnt.set(k, (cnt.get(k) || 0) + 1); }
    const means = [...sum.keys()].map((k) => sum.get(k) / cnt.get(k));
    const lo = Math.min(...means), hi = Math.max(...means);
    svg.replaceChildren(); svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    for (const k of sum.keys()) {
      const [i, j] = k.split(',').map(Number); const v = sum.get(k) / cnt.get(k);
      svg.append(el('rect', { x: bx.pos(i) - bx.w / 2, y: by.pos(j) + by.w / 2, width: Math.abs(bx.w), height: Math.abs(by.w), fill: color(hi > lo ? (v - lo) / (hi - lo) : 1), class: 'cell', 'data-mean': v, 'data-count': cnt.get(k) }));
    }
    const step = Math.max(1, Math.ceil(bx.n / 6)), stepY = Math.max(1, Math.ceil(by.n / 8));
    for (let i = 0; i < bx.n; i += step) svg.append(el('text', { x: bx.pos(i), y: H - m.b + 14, 'text-anchor': 'middle' }, bx.label(i)));
    for (let j = 0; j < by.n; j += stepY) svg.append(el('text', { x: m.l - 4, y: by.pos(j) + 4, 'text-anchor': 'end' }, by.label(j)));
    svg.append(el('text', { x: (m.l + W - m.r) / 2, y: H - 6, 'text-anchor': 'middle' }, X), el('text', { x: 12, y: (m.t + H - m.b) / 2, transform: 'rotate(-90 12 ' + (m.t + H - m.b) / 2 + ')', 'text-anchor': 'middle' }, Y));
    svg.dataset.cells = String(sum.size);
    svg.dataset.x = X; svg.dataset.y = Y;
  }

  function cellText(v) { return typeof v === 'number' ? fmt(v) : typeof v === 'string' ? v : JSON.stringify(v); }
  function kvTable(rows) {
    const table = document.createElement('table');
    for (const [k, v] of rows) { const tr = table.insertRow(); tr.insertCell().textContent = k; const td = tr.insertCell(); td.textContent = cellText(v); }
    return table;
  }
  async function showTrial(id) {
    if (!current) return;
    const res = await fetch('/api/studies/' + encodeURIComponent(current) + '/trials/' + id);
    const d = await res.json();
    const sec = $('trial-section'), body = $('trial-body');
    sec.hidden = false; body.replaceChildren();
    if (!res.ok) { body.textContent = d.error; return; }
    const t = d.trial;
    $('trial-title').textContent = 'Trial ' + t.id + ' · ' + t.status + (t.reward !== undefined ? ' · reward ' + (Array.isArray(t.reward) ? '[' + t.reward.map(fmt).join(', ') + ']' : fmt(t.reward)) : '') + (t.reason ? ' · ' + t.reason : '');
    const h = (text) => { const e = document.createElement('h3'); e.textContent = text; e.style.fontSize = '13px'; return e; };
    const left = document.createElement('div'), right = document.createElement('div'), below = document.createElement('div');
    const top = document.createElement('div'); top.className = 'trial-top'; top.append(left, right);
    body.append(top, below);
    const params = kvTable(Object.entries(d.params)); params.id = 'trial-params';
    left.append(h('Parameters'), params);
    if (t.metrics) { const mt = kvTable(Object.entries(t.metrics)); mt.id = 'trial-metrics'; left.append(h('Metrics'), mt); }
    if (t.measurements && t.measurements.length) left.append(h('Learning curve'), kvTable(t.measurements.map((p) => ['step ' + p.step, first(p.reward)])));
    if (d.program) { const pre = document.createElement('pre'); pre.id = 'trial-program'; pre.textContent = d.program; left.append(h('Child program (format)'), pre); }
    if (d.hardware) {
      const hw = d.hardware;
      const table = document.createElement('table'); table.id = 'trial-layers';
      const head = table.createTHead().insertRow();
      for (const c of ['layer', 'kind', 'MACs', 'latency µs', 'util %', 'energy µJ', 'flops/byte']) { const th = document.createElement('th'); th.textContent = c; head.append(th); }
      const tb = table.createTBody();
      for (const l of hw.layers) { const tr = tb.insertRow(); for (const v of [l.name, l.kind, l.macs, l.latencyUs, l.utilization * 100, l.energyUJ, l.intensity]) { const td = tr.insertCell(); td.textContent = cellText(v); } }
      below.append(h('Per-layer cost on ' + hw.accelerator), table);
      const roof = document.createElement('div'); roof.id = 'trial-roofline';
      roof.append(new DOMParser().parseFromString(hw.roofline, 'image/svg+xml').documentElement);
      right.append(h('Cost on ' + hw.accelerator + ': ' + fmt(hw.totals.latencyMs) + ' ms, ' + fmt(hw.totals.energyPJ / 1e9) + ' mJ, utilization ' + fmt(hw.totals.utilization * 100) + ' %'), roof);
    }
    for (const n of d.notes) { const p = document.createElement('p'); p.className = 'note'; p.textContent = n; left.append(p); }
    sec.dataset.trial = String(t.id);
    const u = new URL(location.href); u.searchParams.set('trial', String(t.id)); history.replaceState(null, '', u);
  }
  window.showTrial = showTrial;

  $('contour-x').addEventListener('change', (e) => { contourState.x = e.target.value; if (latest) drawContour(latest.study, latest.trials); });
  $('contour-y').addEventListener('change', (e) => { contourState.y = e.target.value; if (latest) drawContour(latest.study, latest.trials); });
  let opened = false;
  window.tsgloveViews = [
    (study, trials) => { latest = { study, trials }; },
    drawHistory, drawCurves, drawSlices, drawContour,
    (study, trials) => { drawImportance(study, trials).catch((e) => { $('importance-note').textContent = 'importance failed: ' + e.message; }); },
    () => { const id = new URLSearchParams(location.search).get('trial'); if (!opened && id) { opened = true; showTrial(Number(id)); } },
  ];
})();
`;
