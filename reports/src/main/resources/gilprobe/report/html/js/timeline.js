// js/timeline.js: the timeline: lanes decoded into prefix sums, and the canvas widget that draws, zooms
// and pans them.
// ------------------------------------------------------------------ timeline data
var HOLD = 0, WAIT = 1, CWAIT = 2;
var STATE_NAMES = ['hold', 'wait', 'condition wait'];

/**
 * Decodes a lane (columns: states "hwc...", start deltas, durations) into typed arrays, plus one
 * prefix sum per state: cum[s][i] = time spent in state s by intervals 0..i-1. The intervals of a
 * thread follow each other without overlap (a thread holds, waits or condition-waits, one at a
 * time), so they are sorted by start and by end; an interval starting before the previous one ends
 * is clipped to keep that true (and counted).
 */
function prepareLane(L) {
  var n = L.states.length, st = new Float64Array(n), en = new Float64Array(n), sc = new Uint8Array(n);
  var c0 = new Float64Array(n + 1), c1 = new Float64Array(n + 1), c2 = new Float64Array(n + 1);
  var t = 0, prevEnd = -Infinity, clipped = 0, ds = L.starts, dd = L.durations, ss = L.states;
  var order = null;
  for (var i = 0; i < n; i++) { t += ds[i]; st[i] = t; en[i] = t + dd[i]; if (i && st[i] < st[i - 1]) order = true; }
  if (order) { // not in time order: sort (the agent writes sorted lanes; this keeps the page right regardless)
    var idx = new Uint32Array(n);
    for (i = 0; i < n; i++) idx[i] = i;
    idx.sort(function (a, b) { return st[a] - st[b]; });
    var st2 = new Float64Array(n), en2 = new Float64Array(n), ss2 = [];
    for (i = 0; i < n; i++) { st2[i] = st[idx[i]]; en2[i] = en[idx[i]]; ss2.push(ss.charAt(idx[i])); }
    st = st2; en = en2; ss = ss2.join('');
  }
  for (i = 0; i < n; i++) {
    var c = ss.charCodeAt(i);
    var s = c === 104 ? HOLD : c === 119 ? WAIT : CWAIT;
    sc[i] = s;
    if (st[i] < prevEnd) { clipped++; st[i] = prevEnd; if (en[i] < st[i]) en[i] = st[i]; }
    prevEnd = en[i];
    var d = en[i] - st[i];
    c0[i + 1] = c0[i] + (s === HOLD ? d : 0);
    c1[i + 1] = c1[i] + (s === WAIT ? d : 0);
    c2[i + 1] = c2[i] + (s === CWAIT ? d : 0);
  }
  return { name: L.name, id: L.id, n: n, starts: st, ends: en, states: sc, cum: [c0, c1, c2], clipped: clipped,
    end: n ? en[n - 1] : 0 };
}
/** Number of intervals starting before t (binary search on the sorted starts). */
function countBefore(lane, t) {
  var st = lane.starts, lo = 0, hi = lane.n;
  while (lo < hi) { var mid = (lo + hi) >>> 1; if (st[mid] < t) lo = mid + 1; else hi = mid; }
  return lo;
}
/**
 * Time spent in each state from 0 up to t, into out[0..2]: the prefix sums up to the last interval
 * starting before t, minus the part of that interval after t (only it can straddle t).
 */
function cumAt(lane, t, out) {
  var k = countBefore(lane, t);
  out[0] = lane.cum[0][k]; out[1] = lane.cum[1][k]; out[2] = lane.cum[2][k];
  if (k > 0) { var e = lane.ends[k - 1]; if (e > t) out[lane.states[k - 1]] -= e - t; }
  return k;
}

// ------------------------------------------------------------------ timeline widget
var AXIS_H = 26, ROW_H = 22, PAD = 3;
function hatch(ctx, bg, fg, size) {
  var c = document.createElement('canvas'); c.width = c.height = size;
  var x = c.getContext('2d'); x.fillStyle = bg; x.fillRect(0, 0, size, size);
  x.strokeStyle = fg; x.lineWidth = Math.max(1, size / 6); x.beginPath();
  x.moveTo(-1, size + 1); x.lineTo(size + 1, -1); x.moveTo(size - 1, size + 1); x.lineTo(size + 1, size - 1); x.moveTo(-1, 1); x.lineTo(1, -1); x.stroke();
  return ctx.createPattern(c, 'repeat');
}
function niceStep(raw) {
  var p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
/** An axis label: the unit of the view's far end (so labels stay short), decimals enough for the step. */
function fmtAxis(t, step, end) {
  var unit = end < 1e3 ? [1, 'ns'] : end < 1e6 ? [1e3, 'µs'] : end < 1e9 ? [1e6, 'ms'] : [1e9, 's'];
  var dec = Math.max(0, Math.ceil(-Math.log10(step / unit[0]) - 1e-9));
  return (t / unit[0]).toFixed(Math.min(dec, 9)) + ' ' + unit[1];
}
/**
 * One lane per thread along time, in groups (one group per run; a single report has one group
 * without a header). Drawing does not touch individual intervals when they are smaller than a
 * pixel: for every lane and pixel column [a, b), the time in each state is cum(b) − cum(a) from the
 * prefix sums (two binary searches), divided by the column's width in time; the column is painted as
 * a stacked bar of those fractions (hold on top, then wait, then condition wait; the rest is
 * "neither"). A redraw costs O(lanes × pixels × log intervals) whatever the zoom, so a million
 * intervals pan and zoom smoothly. When few intervals are visible their boundaries are drawn too, so
 * back-to-back acquisitions by one thread stay distinguishable.
 */
function timelineWidget(groups) {
  var rows = [], total = 0, fullEnd = 1, cut = 0;
  groups.forEach(function (g) {
    if (g.label != null) rows.push({ group: g, header: true });
    g.lanes.forEach(function (lane) { rows.push({ group: g, lane: lane }); total += lane.n; });
    fullEnd = Math.max(fullEnd, g.end);
  });
  var lanesCount = rows.filter(function (r) { return !r.header; }).length;
  var root = h('div', { class: 'tl', id: 'timeline', 'data-lanes': lanesCount, 'data-intervals': total });
  var spanText = h('span', { class: 'tl-span' });
  var view = { t0: 0, t1: fullEnd };
  var MIN_SPAN = 100;
  function zoomBy(f, at) {
    var fx = at == null ? 0.5 : at, span = view.t1 - view.t0, tm = view.t0 + fx * span, ns = span * f;
    setView(tm - fx * ns, tm - fx * ns + ns);
  }
  var windowStart = Math.max.apply(null, groups.map(function (g) { return g.dropped > 0 ? g.windowStart : 0; }));
  // the exact window of a run with buckets: before it, lanes are drawn from the buckets
  var exactStart = Math.max.apply(null, groups.map(function (g) { return g.buckets && g.dropped > 0 ? g.windowStart : 0; }));
  if (exactStart > 0) root.setAttribute('data-exact-start', Math.round(exactStart));
  // range selection (one run only): the verdict's numbers over the selected range, from the buckets
  var single = groups.length === 1 && groups[0].buckets ? groups[0] : null;
  var selection = null, rangePanel = single ? h('div', { class: 'tl-range', id: 'tl-range' }) : null;
  var phase = single ? contendedPhase(single.buckets, single.end) : null;
  if (phase) { root.setAttribute('data-phase-start', Math.round(phase.startNanos)); root.setAttribute('data-phase-end', Math.round(phase.endNanos)); }
  function select(t0, t1) {
    if (!single) return;
    t0 = Math.max(0, Math.min(t0, single.end)); t1 = Math.max(t0 + 1, Math.min(t1, single.end));
    selection = { t0: t0, t1: t1, numbers: rangeNumbers(single.buckets, t0, t1, single.cores) };
    showRange();
    draw();
  }
  function clearSelection() { selection = null; showRange(); draw(); }
  function showRange() {
    if (!rangePanel) return;
    rangePanel.textContent = '';
    if (!selection) {
      rangePanel.removeAttribute('data-start');
      rangePanel.appendChild(h('p', { class: 'muted small', text: 'Shift-drag across the timeline (or use the buttons) to select a time range: '
        + 'the verdict\'s numbers are recomputed for it from the whole-run buckets.' +
        (phase ? ' A contended phase stands out: ' + fmtNs(phase.endNanos - phase.startNanos) + ' from ' + fmtNs(phase.startNanos)
          + ' holds ' + fmtPct(phase.share) + ' of the run\'s wait time.' : '') }));
      return;
    }
    var n = selection.numbers;
    ['start', 'end'].forEach(function (k) { rangePanel.setAttribute('data-' + k, Math.round(k === 'start' ? n.startNanos : n.endNanos)); });
    ['utilization', 'waitShare', 'threadsWaiting', 'effectiveParallelism', 'coresLost', 'threadCount', 'predictedNanos'].forEach(function (k) {
      rangePanel.setAttribute('data-' + k.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), String(n[k]));
    });
    rangePanel.appendChild(h('div', { class: 'tl-range-head' }, h('b', { text: 'Selected range: ' + fmtNs(n.endNanos - n.startNanos) }),
      ' from ' + fmtNs(n.startNanos) + ' to ' + fmtNs(n.endNanos) + ' (' + plural(n.threadCount, 'thread') + ' used the lock in it)'));
    var dl = h('dl', { class: 'tl-range-numbers' });
    [['utilization', fmtPct(n.utilization), 'lock hold time / range'],
      ['wait share', fmtPct(n.waitShare), 'of the time threads wanted to run, spent waiting'],
      ['threads waiting', fmtNum(n.threadsWaiting), 'on average'],
      ['effective parallelism', fmtNum(n.effectiveParallelism) + ' of ' + n.cores, 'cores doing work'],
      ['cores lost', fmtNum(n.coresLost), 'to the lock (waits and handoffs)'],
      ['without this lock', 'about ' + fmtNs(n.predictedNanos) + ' (' + fmtNum((n.endNanos - n.startNanos) / Math.max(1, n.predictedNanos)) + '× faster)',
        'the range with its work on the cores, as the verdict\'s what-if']].forEach(function (r) {
      dl.appendChild(h('div', null, h('dt', { text: r[0] }), h('dd', { text: r[1] }), h('dd', { class: 'muted small', text: r[2] })));
    });
    rangePanel.appendChild(dl);
    rangePanel.appendChild(h('p', { class: 'muted small', text: 'From the buckets of ' + fmtNs(single.bucketNanos) + ', with the verdict\'s '
      + 'formulas; work is the span estimate (buckets carry no dispatch ticks).' }));
  }
  root.appendChild(h('div', { class: 'tl-toolbar' },
    h('button', { type: 'button', id: 'tl-zoom-in', title: 'Zoom in (+)', onclick: function () { zoomBy(0.5); } }, 'Zoom in'),
    h('button', { type: 'button', id: 'tl-zoom-out', title: 'Zoom out (−)', onclick: function () { zoomBy(2); } }, 'Zoom out'),
    h('button', { type: 'button', id: 'tl-reset', title: 'Show the whole run (0)', onclick: function () { setView(0, fullEnd); } }, 'Whole run'),
    windowStart > 0 ? h('button', { type: 'button', id: 'tl-kept-window', title: 'Show only the kept window of exact intervals', onclick: function () { setView(windowStart, fullEnd); } }, 'Kept window') : null,
    single ? h('button', { type: 'button', id: 'tl-select-view', title: 'Select the visible range: the verdict\'s numbers for it', onclick: function () { select(view.t0, view.t1); } }, 'Select view') : null,
    phase ? h('button', { type: 'button', id: 'tl-select-phase', title: 'Select the contended phase', onclick: function () { select(phase.startNanos, phase.endNanos); setView(phase.startNanos - (phase.endNanos - phase.startNanos) / 10, phase.endNanos + (phase.endNanos - phase.startNanos) / 10); } }, 'Contended phase') : null,
    single ? h('button', { type: 'button', id: 'tl-clear-selection', title: 'Clear the selection', onclick: clearSelection }, 'Clear selection') : null,
    spanText,
    h('span', { class: 'tl-hint', text: 'wheel: zoom · drag: pan · ' + (single ? 'shift-drag: select · ' : '') + 'double-click: zoom in · hover: details' })));
  if (rangePanel) { root.appendChild(rangePanel); showRange(); }
  var labels = h('div', { class: 'tl-labels' }, h('div', { class: 'axis' }));
  rows.forEach(function (r) {
    labels.appendChild(r.header ? h('div', { class: 'lab group', title: r.group.label, text: r.group.label })
      : h('div', { class: 'lab', title: r.lane.name + ' (id ' + r.lane.id + ', ' + fmtInt(r.lane.n) + ' intervals)', text: r.lane.name }));
  });
  var wrap = h('div', { class: 'tl-canvas' });
  var canvas = h('canvas', { tabindex: '0', 'aria-label': 'timeline of lock states per thread' });
  var overlay = h('canvas', { class: 'overlay' });
  wrap.appendChild(canvas); wrap.appendChild(overlay);
  var tooltip = tip(root);
  root.appendChild(h('div', { class: 'tl-body' }, labels, wrap));
  var trackWin = h('i', { class: 'win' });
  var trackExact = exactStart > 0 ? h('i', { class: 'exact', title: 'the kept window of exact intervals' }) : null;
  var track = h('div', { class: 'tl-track', title: 'The visible part of the run; click to centre the view there' }, trackExact, trackWin);
  if (trackExact) { trackExact.style.left = (100 * exactStart / fullEnd) + '%'; trackExact.style.width = (100 * (fullEnd - exactStart) / fullEnd) + '%'; }
  root.appendChild(track);
  root.appendChild(h('div', { class: 'legend' },
    h('span', null, h('i', { class: 'sw hold' }), 'holding the lock'),
    h('span', null, h('i', { class: 'sw wait' }), 'waiting for it'),
    h('span', null, h('i', { class: 'sw cwait' }), 'condition wait (wait() on the lock)'),
    h('span', null, h('i', { class: 'sw idle' }), 'neither: running without the lock, or blocked elsewhere'),
    h('span', null, h('i', { class: 'sw cut' }), 'not recorded (before the kept window, or after the run)'),
    exactStart > 0 ? h('span', null, h('i', { class: 'sw exact' }), 'before the marker: from the whole-run buckets; after it: exact intervals') : null));

  var ctx = canvas.getContext('2d'), octx = overlay.getContext('2d');
  var pats = null, cssW = 0, dpr = 1, a = new Float64Array(3), b = new Float64Array(3);
  var height = AXIS_H + rows.length * ROW_H;

  function setView(t0, t1) {
    var span = Math.max(MIN_SPAN, Math.min(fullEnd, t1 - t0));
    t0 = Math.max(0, Math.min(t0, fullEnd - span));
    view.t0 = t0; view.t1 = t0 + span;
    root.setAttribute('data-view-start', Math.round(view.t0));
    root.setAttribute('data-view-end', Math.round(view.t1));
    root.setAttribute('data-visible-span', Math.round(span));
    spanText.textContent = 'showing ' + fmtNs(span) + ' of ' + fmtNs(fullEnd) + (span < fullEnd ? ' (×' + fmtNum(fullEnd / span) + ')' : '') +
      ', from ' + (view.t0 ? fmtAxis(view.t0, span / 10, view.t0) : '0');
    trackWin.style.left = (100 * view.t0 / fullEnd) + '%';
    trackWin.style.width = (100 * span / fullEnd) + '%';
    draw();
  }

  function draw() {
    var t = performance.now();
    dpr = window.devicePixelRatio || 1;
    cssW = Math.max(200, wrap.clientWidth);
    var W = Math.round(cssW * dpr), H = Math.round(height * dpr);
    [canvas, overlay].forEach(function (c) {
      if (c.width !== W || c.height !== H) { c.width = W; c.height = H; c.style.width = cssW + 'px'; c.style.height = height + 'px'; }
    });
    if (!pats) pats = { cwait: hatch(ctx, '#d9d9d9', '#8c8c8c', 6), cut: hatch(ctx, '#f4f4f4', '#c9c9c9', 8) };
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, W, H);
    var t0 = view.t0, t1 = view.t1, nsPerPx = (t1 - t0) / W, axisH = AXIS_H * dpr;
    // axis and grid
    var step = niceStep((t1 - t0) / (cssW / 110));
    ctx.font = (11 * dpr) + 'px system-ui, sans-serif'; ctx.textBaseline = 'middle';
    for (var g = Math.ceil(t0 / step) * step; g <= t1; g += step) {
      var gx = Math.round((g - t0) / nsPerPx);
      ctx.fillStyle = '#e6e8ec'; ctx.fillRect(gx, axisH - 6 * dpr, Math.max(1, dpr), H);
      ctx.fillStyle = '#6f7787'; ctx.fillText(fmtAxis(g, step, t1), gx + 4 * dpr, axisH / 2);
    }
    ctx.fillStyle = '#e2e4e8'; ctx.fillRect(0, axisH - dpr, W, dpr);
    counts = { exact: 0, buckets: 0, cut: 0 };
    rows.forEach(function (r, i) {
      var y = Math.round((AXIS_H + i * ROW_H + PAD) * dpr), rh = Math.round((ROW_H - 2 * PAD) * dpr);
      if (r.header) { ctx.fillStyle = '#eef1f5'; ctx.fillRect(0, Math.round((AXIS_H + i * ROW_H) * dpr), W, Math.round(ROW_H * dpr)); return; }
      ctx.fillStyle = '#eef0f2'; ctx.fillRect(0, y, W, rh);
      var gr = r.group;
      // before the kept window: the whole-run buckets when the run has them, else "not recorded"
      var exactFrom = gr.dropped > 0 ? gr.windowStart : 0;
      var bucketEnd = gr.buckets && r.lane.b ? Math.min(W, Math.max(0, (exactFrom - t0) / nsPerPx)) : 0;
      if (bucketEnd > 0) drawBuckets(r.lane.b, y, rh, Math.ceil(bucketEnd), t0, nsPerPx, Math.min(W, (gr.end - t0) / nsPerPx));
      drawLane(r.lane, y, rh, W, t0, nsPerPx, Math.ceil(bucketEnd));
      var exactPx = Math.max(0, Math.min(W, (gr.end - t0) / nsPerPx) - Math.max(Math.ceil(bucketEnd), (exactFrom - t0) / nsPerPx));
      counts.exact += Math.round(exactPx);
      if (gr.dropped > 0 && gr.windowStart > t0 && !(gr.buckets && r.lane.b)) {
        var cx = Math.min(W, (gr.windowStart - t0) / nsPerPx, (gr.end - t0) / nsPerPx);
        shade(0, cx, y, rh);
        counts.cut += Math.max(0, Math.round(cx));
      }
      // after this run's end: nothing to record
      if (gr.end < t1) shade(Math.max(0, (gr.end - t0) / nsPerPx), W, y, rh);
    });
    // where the exact window starts
    if (exactStart > t0 && exactStart < t1) {
      var ex = Math.round((exactStart - t0) / nsPerPx);
      ctx.fillStyle = '#1b2230'; ctx.fillRect(ex, axisH, Math.max(1, dpr), H - axisH);
      ctx.fillStyle = '#1b2230'; ctx.fillText('exact →', ex + 4 * dpr, axisH + 8 * dpr);
    }
    // the selected range
    if (selection && selection.t1 > t0 && selection.t0 < t1) {
      var sx0 = Math.max(0, (selection.t0 - t0) / nsPerPx), sx1 = Math.min(W, (selection.t1 - t0) / nsPerPx);
      ctx.fillStyle = 'rgba(255, 200, 0, 0.22)'; ctx.fillRect(sx0, axisH, Math.max(1, sx1 - sx0), H - axisH);
      ctx.fillStyle = 'rgba(160, 110, 0, 0.9)'; ctx.fillRect(Math.round(sx0), axisH, Math.max(1, dpr), H - axisH); ctx.fillRect(Math.round(sx1), axisH, Math.max(1, dpr), H - axisH);
    }
    root.setAttribute('data-exact-px', counts.exact);
    root.setAttribute('data-bucket-px', counts.buckets);
    root.setAttribute('data-cut-px', counts.cut);
    root.setAttribute('data-draw-ms', (performance.now() - t).toFixed(1));
  }
  var counts = { exact: 0, buckets: 0, cut: 0 };
  /**
   * Columns 0..xEnd of a lane drawn from its whole-run buckets (the part before the exact window): each
   * column stacked by the fractions of its time in each state, read from the buckets' prefix sums; up to
   * the run's end (xRunEnd).
   */
  function drawBuckets(bl, y, rh, xEnd, t0, nsPerPx, xRunEnd) {
    var fills = [COLORS.hold, COLORS.wait, pats.cwait], least = Math.max(2, Math.round(3 * dpr)), ba = [0, 0, 0], bb = [0, 0, 0];
    function px(f) { return f <= 1e-6 ? 0 : Math.max(least, Math.round(f * rh)); }
    var end = Math.min(xEnd, Math.ceil(xRunEnd));
    bucketCumAt(bl, t0, ba);
    for (var x = 0; x < end; x++) {
      bucketCumAt(bl, t0 + (x + 1) * nsPerPx, bb);
      var hs = [px((bb[0] - ba[0]) / nsPerPx), px((bb[1] - ba[1]) / nsPerPx), px((bb[2] - ba[2]) / nsPerPx)], yy = y;
      for (var s = 0; s < 3; s++) {
        if (!hs[s]) continue;
        var hh = Math.min(hs[s], y + rh - yy);
        if (hh <= 0) break;
        ctx.fillStyle = fills[s]; ctx.fillRect(x, yy, 1, hh); yy += hh;
      }
      var tmp = ba; ba = bb; bb = tmp;
    }
    counts.buckets += Math.max(0, end);
  }
  function shade(x0, x1, y, rh) {
    if (x1 <= x0) return;
    ctx.fillStyle = pats.cut; ctx.fillRect(Math.floor(x0), y, Math.ceil(x1 - x0), rh);
  }
  function drawLane(lane, y, rh, W, t0, nsPerPx, xFrom) {
    if (!lane.n) return;
    xFrom = xFrom || 0;
    var fills = [COLORS.hold, COLORS.wait, pats.cwait];
    var runStart = 0, rH = -1, rW = -1, rC = -1;
    // a state present in the column gets at least a few pixels, so a short event never vanishes
    // (float noise below 1e-6 of a column is not an event)
    var least = Math.max(2, Math.round(3 * dpr));
    function px(f) { return f <= 1e-6 ? 0 : Math.max(least, Math.round(f * rh)); }
    function flush(x) {
      if (x <= runStart) return;
      var yy = y, hs = [rH, rW, rC];
      for (var s = 0; s < 3; s++) {
        if (!hs[s]) continue;
        var hh = Math.min(hs[s], y + rh - yy);
        if (hh <= 0) break;
        ctx.fillStyle = fills[s]; ctx.fillRect(runStart, yy, x - runStart, hh); yy += hh;
      }
    }
    var kFirst = cumAt(lane, t0 + xFrom * nsPerPx, a);
    runStart = xFrom;
    if (lane.ends[lane.n - 1] <= t0 || lane.starts[0] >= t0 + W * nsPerPx) return;
    for (var x = xFrom; x < W; x++) {
      var tb = t0 + (x + 1) * nsPerPx;
      cumAt(lane, tb, b);
      var ph = px((b[0] - a[0]) / nsPerPx), pw = px((b[1] - a[1]) / nsPerPx), pc = px((b[2] - a[2]) / nsPerPx);
      if (ph !== rH || pw !== rW || pc !== rC) { flush(x); runStart = x; rH = ph; rW = pw; rC = pc; }
      var tmp = a; a = b; b = tmp;
    }
    flush(W);
    // boundaries of individual intervals, once they are wide enough to see
    var kLast = countBefore(lane, t0 + W * nsPerPx);
    if (kLast - kFirst < W / 4) {
      ctx.fillStyle = 'rgba(255,255,255,0.9)';
      for (var k = Math.max(0, kFirst - 1); k < kLast; k++) {
        var x0 = (lane.starts[k] - t0) / nsPerPx, x1 = (lane.ends[k] - t0) / nsPerPx;
        if (x1 - x0 >= 3 && x0 >= 0) ctx.fillRect(Math.round(x0), y, Math.max(1, Math.round(dpr)), rh);
      }
    }
  }

  // hover: the interval under the pointer, or what a pixel holds when intervals are smaller
  function hover(ev) {
    var r = canvas.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var rr = root.getBoundingClientRect(), tx = ev.clientX - rr.left, ty = ev.clientY - rr.top;
    octx.setTransform(1, 0, 0, 1, 0, 0); octx.clearRect(0, 0, overlay.width, overlay.height);
    var row = rows[Math.floor((y - AXIS_H) / ROW_H)];
    if (!row || row.header || y < AXIS_H) { tooltip.hide(); return; }
    var at = function (time, resolution) { return fmtAxis(time, Math.max(1, resolution), time); };
    var lane = row.lane, nsPerCss = (view.t1 - view.t0) / cssW, t = view.t0 + x * nsPerCss;
    var pxA = view.t0 + Math.floor(x) * nsPerCss, pxB = pxA + nsPerCss;
    var k = countBefore(lane, t) - 1, ri = rows.indexOf(row);
    var inside = k >= 0 && lane.ends[k] > t ? k : -1;
    octx.fillStyle = 'rgba(27,34,48,.55)'; octx.fillRect(Math.round(x * dpr), AXIS_H * dpr, Math.max(1, dpr), overlay.height);
    if (inside >= 0 && (lane.ends[inside] - lane.starts[inside]) >= nsPerCss) {
      var s = lane.states[inside], st = lane.starts[inside], en = lane.ends[inside];
      octx.strokeStyle = '#1b2230'; octx.lineWidth = 2 * dpr;
      octx.strokeRect((st - view.t0) / nsPerCss * dpr, (AXIS_H + ri * ROW_H + 1) * dpr, Math.max(2, (en - st) / nsPerCss) * dpr, (ROW_H - 2) * dpr);
      tooltip.show(tx, ty, lane.name, [
        ['state', STATE_NAMES[s], [COLORS.hold, COLORS.wait, '#9a9a9a'][s]], ['start', at(st, (en - st) / 100)], ['end', at(en, (en - st) / 100)],
        ['duration', fmtNs(en - st)], ['interval', fmtInt(inside + 1) + ' of ' + fmtInt(lane.n)]]);
      return;
    }
    var gr = row.group;
    if (gr.buckets && lane.b && gr.dropped > 0 && pxA < gr.windowStart) {
      bucketCumAt(lane.b, pxA, a); bucketCumAt(lane.b, pxB, b);
      tooltip.show(tx, ty, lane.name, [['pixel', at(pxA, nsPerCss) + ' + ' + fmtNs(nsPerCss)], ['from', 'whole-run buckets of ' + fmtNs(gr.bucketNanos)],
        ['holding', fmtPct((b[0] - a[0]) / nsPerCss), COLORS.hold], ['waiting', fmtPct((b[1] - a[1]) / nsPerCss), COLORS.wait],
        ['condition wait', fmtPct((b[2] - a[2]) / nsPerCss), '#9a9a9a']]);
      return;
    }
    var kA = cumAt(lane, pxA, a), kB = cumAt(lane, pxB, b);
    var n = kB - kA + (kA > 0 && lane.ends[kA - 1] > pxA ? 1 : 0);
    if (!n) { tooltip.show(tx, ty, lane.name, [['at', at(t, nsPerCss)], ['state', 'neither holding nor waiting']]); return; }
    tooltip.show(tx, ty, lane.name, [['pixel', at(pxA, nsPerCss) + ' + ' + fmtNs(nsPerCss)], ['intervals', fmtInt(n)],
      ['holding', fmtPct((b[0] - a[0]) / nsPerCss), COLORS.hold], ['waiting', fmtPct((b[1] - a[1]) / nsPerCss), COLORS.wait],
      ['condition wait', fmtPct((b[2] - a[2]) / nsPerCss), '#9a9a9a']]);
  }

  var drag = null;
  canvas.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    var r = canvas.getBoundingClientRect(), fx = (ev.clientX - r.left) / r.width;
    if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      var span = view.t1 - view.t0, dt = ev.deltaX * unit / cssW * span;
      setView(view.t0 + dt, view.t1 + dt);
    } else {
      zoomBy(Math.exp(ev.deltaY * unit * 0.002), Math.min(1, Math.max(0, fx)));
    }
    hover(ev);
  }, { passive: false });
  canvas.addEventListener('pointerdown', function (ev) {
    drag = { x: ev.clientX, t0: view.t0, t1: view.t1, select: ev.shiftKey && !!single };
    canvas.setPointerCapture(ev.pointerId); canvas.classList.add('dragging');
  });
  canvas.addEventListener('pointermove', function (ev) {
    if (drag && drag.select) {
      var r0 = canvas.getBoundingClientRect(), span0 = drag.t1 - drag.t0;
      var ta = drag.t0 + (drag.x - r0.left) / cssW * span0, tb = drag.t0 + (ev.clientX - r0.left) / cssW * span0;
      if (Math.abs(ev.clientX - drag.x) >= 3) select(Math.min(ta, tb), Math.max(ta, tb));
    } else if (drag) {
      var dt = (drag.x - ev.clientX) / cssW * (drag.t1 - drag.t0);
      setView(drag.t0 + dt, drag.t1 + dt);
    }
    hover(ev);
  });
  function endDrag() { drag = null; canvas.classList.remove('dragging'); }
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  canvas.addEventListener('pointerleave', function () { if (!drag) { tooltip.hide(); octx.clearRect(0, 0, overlay.width, overlay.height); } });
  canvas.addEventListener('dblclick', function (ev) {
    var r = canvas.getBoundingClientRect();
    zoomBy(ev.shiftKey ? 2 : 0.5, (ev.clientX - r.left) / r.width);
  });
  canvas.addEventListener('keydown', function (ev) {
    var span = view.t1 - view.t0;
    if (ev.key === '+' || ev.key === '=') zoomBy(0.5);
    else if (ev.key === '-') zoomBy(2);
    else if (ev.key === '0') setView(0, fullEnd);
    else if (ev.key === 'ArrowLeft') setView(view.t0 - span / 5, view.t1 - span / 5);
    else if (ev.key === 'ArrowRight') setView(view.t0 + span / 5, view.t1 + span / 5);
    else return;
    ev.preventDefault();
  });
  track.addEventListener('click', function (ev) {
    var r = track.getBoundingClientRect(), c = (ev.clientX - r.left) / r.width * fullEnd, span = view.t1 - view.t0;
    setView(c - span / 2, c + span / 2);
  });
  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });
  root.tlSetView = setView; // for scripted views (tests, a reader's console)
  root.tlSelect = select;
  return { element: root, start: function () { setView(0, fullEnd); }, setView: setView, zoomBy: zoomBy, select: select,
    selection: function () { return selection && selection.numbers; }, phase: phase };
}
var COLORS = { hold: '#0072B2', wait: '#D55E00' };
// the verdict view names where spans come from; the whole-run buckets are one more source
if (typeof SPAN_SOURCES === 'object') SPAN_SOURCES.buckets = 'spans from the whole-run buckets';

// tl: the timeline to draw (a lock's own); the report's (the first lock's) when not given
function timelineGroup(report, label, tl) {
  tl = tl || report.timeline;
  var lanes = tl.lanes.map(prepareLane);
  var end = report.run.durationNanos;
  lanes.forEach(function (l) { end = Math.max(end, l.end); });
  // whole-run buckets: each lane gets its thread's (.b); a thread with buckets but no kept interval gets a lane
  var buckets = null, bucketNanos = 0;
  if (tl.buckets && tl.buckets.lanes && tl.buckets.bucketNanos > 0) {
    bucketNanos = tl.buckets.bucketNanos;
    buckets = tl.buckets.lanes.map(function (L) { return prepareBucketLane(L, bucketNanos, end); });
    buckets.forEach(function (bl) {
      var lane = lanes.filter(function (l) { return l.id === bl.id; })[0];
      if (!lane) { lane = prepareLane({ name: bl.name, id: bl.id, states: '', starts: [], durations: [] }); lanes.push(lane); }
      lane.b = bl;
    });
  }
  return { label: label, lanes: lanes, end: end, dropped: tl.droppedEvents, windowStart: tl.windowStartNanos, capacity: tl.capacity,
    clipped: lanes.reduce(function (s, l) { return s + l.clipped; }, 0), buckets: buckets, bucketNanos: bucketNanos,
    cores: report.run.availableProcessors };
}
function timelineNotes(sec, g, prefix) {
  var total = g.lanes.reduce(function (s, l) { return s + l.n; }, 0);
  var text = (prefix || '') + fmtInt(total) + ' intervals in ' + plural(g.lanes.length, 'lane') + '; the agent keeps at most ' + fmtInt(g.capacity) + '. ';
  if (g.dropped > 0 && g.buckets) {
    sec.appendChild(h('p', { class: 'muted small', 'data-dropped': g.dropped, id: 'tl-buckets-note' },
      text + fmtInt(g.dropped) + ' older intervals were dropped: the exact intervals start at ' + fmtNs(g.windowStart) +
      ' into the run (the marker); before it, each lane is drawn from the whole-run buckets (' + fmtInt(g.buckets[0].n) + ' of ' +
      fmtNs(g.bucketNanos) + ' per thread), which add up to the totals above. Zoom into the kept window to see single intervals.'));
  } else if (g.dropped > 0) {
    sec.appendChild(h('p', { class: 'note', 'data-dropped': g.dropped },
      text + fmtInt(g.dropped) + ' older intervals were dropped, so the timeline starts at ' + fmtNs(g.windowStart) +
      ' into the run; the hatched part before it was not recorded. The totals above count every event.'));
  } else {
    sec.appendChild(h('p', { class: 'muted small', 'data-dropped': 0 }, text + 'Nothing was dropped: this is the whole run.'));
  }
  if (g.clipped) sec.appendChild(h('p', { class: 'note', text: fmtInt(g.clipped) + ' intervals overlapped the one before them in the same lane and were clipped.' }));
}
