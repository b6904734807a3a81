// js/compare.js: the comparison page: runs side by side on shared scales (their verdicts' numbers),
// shared distributions and one timeline.
// ------------------------------------------------------------------ the comparison page
function barCell(value, max, text, cls, attrs) {
  var f = max > 0 && isFinite(value) ? Math.max(0, Math.min(1, value / max)) : 0;
  return h('td', attrs, h('div', { class: 'barcell' }, h('div', { class: 'bar ' + (cls || '') }, h('i', { style: { width: (100 * f) + '%' } })),
    h('span', { class: 'val', text: text })));
}
// Runs of one lock each are compared lock to lock, whatever their specs (as before several locks existed).
// Runs with several locks are compared lock by lock: the lock of the same spec in each run (runs without it
// show '–'); a row of buttons chooses which, the first run's first lock first.
function lockSpecs(runs) {
  var specs = [];
  runs.forEach(function (r) { r.report.locks.forEach(function (l) { if (specs.indexOf(l.spec) < 0) specs.push(l.spec); }); });
  return specs;
}
function lockIndex(report, spec) {
  for (var i = 0; i < report.locks.length; i++) if (report.locks[i].spec === spec) return i;
  return -1;
}
function renderCompare(runs, spec) {
  main.textContent = '';
  document.getElementById('toc-links').textContent = '';
  document.title = 'gilprobe: comparing ' + runs.length + ' runs';
  document.getElementById('subtitle').textContent = 'comparing ' + runs.map(function (r) { return r.label; }).join(' · ');
  var single = runs.every(function (r) { return r.report.locks.length <= 1; });
  var specs = single ? [] : lockSpecs(runs);
  if (spec == null || specs.indexOf(spec) < 0) spec = specs.length ? specs[0] : null;
  if (specs.length > 1) {
    var lsec = section('locks', 'Locks', 'These runs hold ' + specs.length + ' locks; the page compares one at a time.');
    lsec.appendChild(h('div', { class: 'lock-choice', id: 'lock-choice' }, specs.map(function (s) {
      return h('button', { type: 'button', class: 'lock-btn' + (s === spec ? ' sel' : ''), 'aria-pressed': String(s === spec), 'data-spec': s,
        onclick: function () { renderCompare(runs, s); } }, h('code', { text: s }));
    })));
  }
  // each run's verdict of that lock as its report states it, the lock, and its index in the run
  var ms = runs.map(function (r) {
    var li = single ? (r.report.locks.length ? 0 : -1) : lockIndex(r.report, spec), lock = li >= 0 ? r.report.locks[li] : null;
    return lock ? { lock: lock, v: lock.verdict, li: li } : null;
  });
  var sec = section('summary', 'Side by side', (spec ? 'Lock ' + spec + '. ' : '') + 'Every bar in a row uses the same scale, so lengths compare across runs.');
  var maxDur = Math.max.apply(null, runs.map(function (r) { return r.report.run.durationNanos; }));
  var maxCores = Math.max.apply(null, runs.map(function (r) { return r.report.run.availableProcessors; }));
  var maxWaiting = Math.max.apply(null, ms.map(function (m) { return m ? m.v.threadsWaiting : 0; }).concat([1]));
  function metricRow(label, key, f) {
    return h('tr', { 'data-metric': key }, h('th', { scope: 'row', text: label }), runs.map(function (r, i) {
      var td = f(r, ms[i], i);
      td.setAttribute('data-run', i);
      td.setAttribute('data-metric', key);
      return td;
    }));
  }
  function plain(key, val, fmtf) {
    return function (r, m) {
      var v = m ? val(m.v, m.lock) : null;
      return h('td', { class: 'n', 'data-value': v, text: v == null ? '–' : fmtf(v) });
    };
  }
  function bar(val, max, fmtf, cls, text) {
    return function (r, m) {
      if (!m) return h('td', { text: '–' });
      var v = val(m.v);
      return barCell(v, max, text ? text(m.v) : fmtf(v), cls, { 'data-value': v });
    };
  }
  var rows = [
    metricRow('Wall time', 'duration', function (r) { var d = r.report.run.durationNanos; return barCell(d, maxDur, fmtNs(d), 'wall', { 'data-value': d }); }),
    // locks[i].whatIf, on the wall time's scale (absent in a report written before it existed)
    metricRow('Without the lock (what-if)', 'what-if', function (r, m) {
      var w = m && m.lock.whatIf;
      return w ? barCell(w.predictedNanos, maxDur, fmtNs(w.predictedNanos) + ' (' + fmtX(w.speedup) + ' faster)', 'wall', { 'data-value': w.predictedNanos }) : h('td', { text: '–' });
    }),
    metricRow('Utilization', 'utilization', bar(function (v) { return v.utilization; }, 1, fmtPct, '')),
    metricRow('Wait share', 'wait-share', bar(function (v) { return v.waitShare; }, 1, fmtPct, 'wait')),
    metricRow('Threads waiting (avg)', 'avg-waiting', bar(function (v) { return v.threadsWaiting; }, maxWaiting, fmtNum, 'wait')),
    metricRow('Effective parallelism', 'parallelism', bar(function (v) { return v.effectiveParallelism; }, maxCores, fmtNum, 'par',
      function (v) { return fmtNum(v.effectiveParallelism) + ' / ' + v.cores; })),
    metricRow('Cores lost', 'cores-lost', bar(function (v) { return v.coresLost; }, maxCores, fmtNum, 'wait')),
    metricRow('Speedup bound', 'speedup-bound', plain('speedup-bound', function (v) { return v.speedupCap; }, fmtX)),
    metricRow('Cores', 'cores', plain('cores', function (v) { return v.cores; }, fmtInt)),
    metricRow('Threads using the lock', 'threads', plain('threads', function (v) { return v.threadCount; }, fmtInt)),
    metricRow('Acquisitions', 'acquisitions', plain('acquisitions', function (v, lock) { return lock.acquisitions; }, fmtInt)),
    metricRow('Contended', 'contended-share', plain('contended-share', function (v) { return v.contendedShare; }, fmtPct)),
    metricRow('Unfair re-acquires', 'unfair-rate', plain('unfair-rate', function (v) { return v.unfairRate; }, fmtPct)),
    metricRow('Handoffs to another thread', 'handoff-rate', plain('handoff-rate', function (v) { return v.handoffRate; }, fmtPct)),
    metricRow('Hold p50 / p99 / max', 'hold', function (r, m) { return h('td', { class: 'n', text: m ? [m.lock.hold.p50, m.lock.hold.p99, m.lock.hold.max].map(fmtNs).join(' / ') : '–' }); }),
    metricRow('Wait p50 / p99 / max', 'wait', function (r, m) { return h('td', { class: 'n', text: m ? [m.lock.wait.p50, m.lock.wait.p99, m.lock.wait.max].map(fmtNs).join(' / ') : '–' }); }),
    metricRow('Diagnosis', 'diagnosis', function (r, m) { var d = m && m.v.diagnoses[0]; return h('td', { 'data-diagnosis': d ? d.code : '', class: 'small' }, d ? [h('b', { text: d.title }), ' ', d.text] : 'no lock'); })
  ];
  sec.appendChild(h('div', { class: 'tablewrap' }, h('table', { id: 'compare-table' },
    h('thead', null, h('tr', null, h('th', { text: '' }), runs.map(function (r, i) { return h('th', { 'data-run': i, text: r.label }); }))),
    h('tbody', null, rows))));

  var dsec = section('distributions', 'Distributions', 'One line per run; the two plots share both axes (logarithmic), as in HdrHistogram\'s percentile-distribution plots.');
  function runSeries(kind) {
    return runs.map(function (r, i) {
      var dl = ms[i] ? r.derived.locks[ms[i].li] : null, lock = ms[i] ? ms[i].lock : null;
      return { name: r.label, color: PALETTE[i % PALETTE.length], points: dl && dl[kind], dist: lock && lock[kind] };
    });
  }
  var hs = runSeries('hold'), ws = runSeries('wait');
  var dom = plotDomain(hs.concat(ws).map(function (s) { return s.points; }));
  dsec.appendChild(h('div', { class: 'plots' },
    percentilePlot({ id: 'hold', title: 'Hold time by percentile', yTitle: 'hold time', unit: 'ns', series: hs, domain: dom, legendTitle: 'run' }),
    percentilePlot({ id: 'wait', title: 'Wait time by percentile', yTitle: 'wait time', unit: 'ns', series: ws, domain: dom, legendTitle: 'run' })));

  var tsec = section('timeline-section', 'Timelines', 'All runs on one time axis, from each run\'s start: zooming and panning move them together.');
  function lockTimeline(i) { var m = ms[i]; return m ? (m.li === 0 ? runs[i].report.timeline : m.lock.timeline) : null; }
  var groups = [];
  runs.forEach(function (r, i) {
    var tl = lockTimeline(i);
    if (tl) groups.push(timelineGroup(r.report, r.label, tl));
    else tsec.appendChild(h('p', { class: 'muted', text: r.label + ': no timeline recorded for this lock in this run.' }));
  });
  groups.forEach(function (g) { timelineNotes(tsec, g, g.label + ': '); });
  if (groups.length) {
    var w = timelineWidget(groups);
    tsec.appendChild(w.element);
    w.start();
  }

  var rsec = section('runs', 'Each run', 'Threads, handoffs and metadata of every run.');
  runs.forEach(function (r, i) {
    var d = h('details', { class: 'run', 'data-run': i }, h('summary', { text: r.label }));
    if (ms[i]) {
      d.appendChild(h('h3', { text: 'Threads' }));
      d.appendChild(threadsTable(r.report, ms[i].lock, 'threads-table-' + i));
      d.appendChild(h('h3', { text: 'Handoffs' }));
      d.appendChild(handoffMatrix(ms[i].lock));
    }
    d.appendChild(h('h3', { text: 'Dispatch loops' }));
    d.appendChild(loopsTable(r.report));
    d.appendChild(h('h3', { text: 'Run' }));
    d.appendChild(metadata(r.report, ms[i] ? ms[i].lock : r.report.locks[0]));
    var notes = notesList(r.report);
    if (notes) d.appendChild(notes);
    rsec.appendChild(d);
  });
}
