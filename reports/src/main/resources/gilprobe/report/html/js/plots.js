// js/plots.js: HdrHistogram-style percentile plots on shared logarithmic axes, with a legend table.
// ------------------------------------------------------------------ percentile plots
var PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#CC79A7', '#0072B2', '#D55E00', '#7A5C00', '#555555'];
function xOf(p) { return p >= 100 ? Infinity : 1 / (1 - p / 100); }
/** Shared axes for several series: x up to the deepest finite percentile, y over all values (log). */
function plotDomain(seriesLists) {
  var xmax = 100, ymin = Infinity, ymax = 1;
  seriesLists.forEach(function (pts) {
    if (!pts) return;
    pts.forEach(function (p) {
      var x = xOf(p[0]);
      if (isFinite(x)) xmax = Math.max(xmax, x);
      var v = Math.max(1, p[1]);
      ymin = Math.min(ymin, v); ymax = Math.max(ymax, v);
    });
  });
  if (!isFinite(ymin)) ymin = 1;
  var lx = Math.min(7, Math.ceil(Math.log10(xmax) - 1e-9));
  var ly0 = Math.floor(Math.log10(ymin)), ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(ymax) - 1e-9));
  return { lx: Math.max(2, lx), ly0: ly0, ly1: ly1 };
}
function pctLabel(k) { return k === 0 ? '0%' : (100 - 100 / Math.pow(10, k)).toFixed(Math.max(0, k - 2)) + '%'; }
/**
 * HdrHistogram's percentile-distribution plot: x = 1/(1 − percentile) on a log axis (labels 0%, 90%,
 * 99%, 99.9% ...), y = value on a log axis; one line per series, a legend table that toggles them,
 * and a crosshair that reads every visible line at the pointer's percentile.
 */
function percentilePlot(o) {
  var W = 600, H = 300, M = { l: 66, r: 14, t: 10, b: 44 }, pw = W - M.l - M.r, ph = H - M.t - M.b, dom = o.domain;
  var fmt = o.unit === 'ns' ? fmtNs : fmtNum;
  function tick(v) { return fmt(v).replace(/\.0+(?= |$)/, ''); } // decades read better as "1 ms" than "1.00 ms"
  function X(p) { var x = xOf(p); return M.l + (isFinite(x) ? Math.min(1, Math.log10(x) / dom.lx) : 1) * pw; }
  function Y(v) { return M.t + ph - (Math.log10(Math.max(1, v)) - dom.ly0) / (dom.ly1 - dom.ly0) * ph; }
  var s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': o.title });
  for (var k = 0; k <= dom.lx; k++) {
    var gx = M.l + k / dom.lx * pw;
    s.appendChild(svg('line', { class: 'grid', x1: gx, x2: gx, y1: M.t, y2: M.t + ph }));
    s.appendChild(svg('text', { x: gx, y: M.t + ph + 16, 'text-anchor': 'middle', text: pctLabel(k) }));
  }
  for (var e = dom.ly0; e <= dom.ly1; e++) {
    var v = Math.pow(10, e);
    s.appendChild(svg('line', { class: 'grid', x1: M.l, x2: M.l + pw, y1: Y(v), y2: Y(v) }));
    s.appendChild(svg('text', { x: M.l - 6, y: Y(v) + 4, 'text-anchor': 'end', text: tick(v) }));
    if (e < dom.ly1) [2, 5].forEach(function (m) { s.appendChild(svg('line', { class: 'grid minor', x1: M.l, x2: M.l + pw, y1: Y(v * m), y2: Y(v * m) })); });
  }
  s.appendChild(svg('rect', { class: 'frame', x: M.l, y: M.t, width: pw, height: ph }));
  s.appendChild(svg('text', { class: 'axis-title', x: M.l + pw / 2, y: H - 6, 'text-anchor': 'middle', text: 'percentile' }));
  s.appendChild(svg('text', { class: 'axis-title', x: 12, y: M.t + ph / 2, 'text-anchor': 'middle', transform: 'rotate(-90 12 ' + (M.t + ph / 2) + ')', text: o.yTitle }));
  var paths = o.series.map(function (se) {
    var d = se.points ? se.points.map(function (p, i) { return (i ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1); }).join('') : '';
    var path = svg('path', { class: 'series' + (se.all ? ' all' : ''), d: d, stroke: se.color, 'data-series': se.name });
    if (se.hidden) path.style.display = 'none';
    s.appendChild(path);
    return path;
  });
  var cross = svg('line', { class: 'cross', y1: M.t, y2: M.t + ph, x1: -10, x2: -10 });
  s.appendChild(cross);
  var hit = svg('rect', { x: M.l, y: M.t, width: pw, height: ph, fill: 'transparent' });
  s.appendChild(hit);
  var box = h('div', { class: 'plot', 'data-plot': o.id }, h('h3', { text: o.title }), s);
  var tt = tip(box);
  hit.addEventListener('mousemove', function (ev) {
    var r = s.getBoundingClientRect(), sx = (ev.clientX - r.left) / r.width * W;
    var x = Math.pow(10, Math.max(0, Math.min(1, (sx - M.l) / pw)) * dom.lx), p = 100 * (1 - 1 / x);
    cross.setAttribute('x1', sx); cross.setAttribute('x2', sx);
    var rows = [];
    o.series.forEach(function (se, i) {
      if (!se.points || paths[i].style.display === 'none') return;
      var pt = se.points.find(function (q) { return q[0] >= p; }) || se.points[se.points.length - 1];
      rows.push([se.name, fmt(pt[1]), se.color]);
    });
    tt.show(ev.clientX - box.getBoundingClientRect().left, ev.clientY - box.getBoundingClientRect().top,
      'at ' + (p >= 99.99 ? p.toFixed(4) : p >= 99 ? p.toFixed(2) : p.toFixed(1)) + '%', rows);
  });
  hit.addEventListener('mouseleave', function () { tt.hide(); cross.setAttribute('x1', -10); cross.setAttribute('x2', -10); });
  // legend with the exact summary of each series (from the report, not the plotted points)
  var cols = ['count', 'p50', 'p90', 'p99', 'p999', 'max'];
  var head = h('tr', null, h('th', { text: o.legendTitle || 'series' }), cols.map(function (c) { return h('th', { class: 'n', text: c === 'p999' ? 'p99.9' : c }); }));
  var body = h('tbody', null, o.series.map(function (se, i) {
    var tr = h('tr', { class: se.hidden ? 'off' : '', title: se.name + ' (click to show or hide)' },
      h('td', { class: 'name' }, h('i', { class: 'sw', style: { background: se.color } }), se.name),
      cols.map(function (c) { var v = se.dist ? se.dist[c] : null; return h('td', { class: 'n', 'data-value': v, text: c === 'count' ? fmtInt(v) : fmt(v) }); }));
    tr.addEventListener('click', function () {
      var off = paths[i].style.display !== 'none';
      paths[i].style.display = off ? 'none' : '';
      tr.className = off ? 'off' : '';
    });
    return tr;
  }));
  box.appendChild(h('div', { class: 'tablewrap' }, h('table', { class: 'legend-table' }, h('thead', null, head), body)));
  return box;
}
