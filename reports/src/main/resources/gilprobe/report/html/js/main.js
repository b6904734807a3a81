// js/main.js: the last module: reads the JSON blocks and draws the page, recording any error in
// window.__gilprobe.errors and the outcome on the body element (data-rendered).
// ------------------------------------------------------------------ start: read the data, draw the page
var G = window.__gilprobe;
var started = performance.now();

function json(id) { var e = document.getElementById(id); return e ? JSON.parse(e.textContent) : null; }
function readRuns(page) {
  var runs = [];
  for (var i = 0; ; i++) {
    var suffix = i ? '-' + i : '';
    var report = json('data' + suffix);
    if (report == null) break;
    if (report.format !== 'gilprobe-report/1') throw new Error('unsupported report format ' + JSON.stringify(report.format));
    runs.push({ index: i, report: report, derived: json('derived' + suffix) || { locks: [] },
      label: (page.labels && page.labels[i]) || ('run ' + (i + 1)) });
  }
  return runs;
}

function fatal(e) {
  main.appendChild(h('div', { class: 'fatal' }, h('b', { text: 'This report could not be drawn. ' }), String(e && e.message || e)));
}
try {
  var page = json('page');
  if (page) {
    var runs = readRuns(page);
    document.getElementById('placeholder').remove();
    if (page.mode === 'compare') renderCompare(runs); else renderReport(runs[0]);
  }
  G.rendered = true;
} catch (e) {
  G.errors.push('render: ' + (e && e.stack || e));
  fatal(e);
}
G.renderMillis = performance.now() - started;
document.body.setAttribute('data-render-ms', G.renderMillis.toFixed(1));
document.body.setAttribute('data-rendered', String(G.rendered));
