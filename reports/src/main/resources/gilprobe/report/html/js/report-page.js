// js/report-page.js: the single-run page, section by section.
// ------------------------------------------------------------------ the single-run page
function renderReport(run) {
  var report = run.report, derived = run.derived;
  document.getElementById('subtitle').textContent = (report.run.mainCommand || 'run') + ' · ' + fmtNs(report.run.durationNanos) + ' · ' +
    plural(report.run.availableProcessors, 'core');
  if (!report.locks.length) {
    section('verdict', 'Verdict').appendChild(h('p', { text: 'This report has no designated lock.' }));
    return;
  }
  var li = 0, lock = report.locks[li];
  document.title = 'gilprobe: ' + lock.spec + (report.run.mainCommand ? ' — ' + report.run.mainCommand : '');
  var verdict = section('verdict', 'Verdict', 'Lock ' + lock.spec + ' (' + lock.kind + ').');
  if (report.locks.length > 1) verdict.appendChild(h('p', { class: 'note', text: 'This report has ' + report.locks.length + ' locks; the page shows the first.' }));
  renderVerdict(verdict, report, li);

  var tsec = section('timeline-section', 'Timeline', 'Each lane is a thread; time runs left to right from the start of the profiled run. Where many intervals share a pixel, its column shows the fraction of that pixel\'s time in each state.');
  if (!report.timeline) {
    tsec.appendChild(h('p', { class: 'muted', id: 'no-timeline', text: 'No timeline recorded in this run.' }));
  } else {
    var g = timelineGroup(report, null);
    timelineNotes(tsec, g);
    var w = timelineWidget([g]);
    tsec.appendChild(w.element);
    w.start();
  }

  var dsec = section('distributions', 'Distributions', 'Hold and wait times by percentile, in HdrHistogram\'s percentile-distribution form: the further right, the rarer (90% means one in ten is slower, 99.9% one in a thousand). Both axes are logarithmic; the two plots share them.');
  var dl = derived.locks[li] || { threads: [] };
  if (!lock.hold.count && !lock.wait.count) {
    dsec.appendChild(h('p', { class: 'muted', text: 'No hold or wait was recorded.' }));
  } else {
  var threadSeries = function (kind) {
    var list = [{ name: 'all threads', color: '#1b2230', all: true, points: dl[kind], dist: lock[kind] }];
    var order = lock.threads.map(function (t, i) { return i; }).sort(function (a, b) { return lock.threads[b].acquisitions - lock.threads[a].acquisitions; });
    order.forEach(function (i, rank) {
      var t = lock.threads[i];
      list.push({ name: t.name, color: PALETTE[rank % PALETTE.length], points: dl.threads[i] && dl.threads[i][kind], dist: t[kind], hidden: rank >= 8 });
    });
    return list;
  };
  var hs = threadSeries('hold'), ws = threadSeries('wait');
  var dom = plotDomain(hs.concat(ws).map(function (s) { return s.points; }));
  dsec.appendChild(h('div', { class: 'plots' },
    percentilePlot({ id: 'hold', title: 'Hold time by percentile', yTitle: 'hold time', unit: 'ns', series: hs, domain: dom, legendTitle: 'thread' }),
    percentilePlot({ id: 'wait', title: 'Wait time by percentile', yTitle: 'wait time', unit: 'ns', series: ws, domain: dom, legendTitle: 'thread' })));
  if (lock.ticksPerHold && lock.ticksPerHold.count > 0 && dl.ticksPerHold) {
    dsec.appendChild(h('div', { class: 'plots' }, percentilePlot({ id: 'ticks', title: 'Dispatch ticks per hold (the effective check interval)', yTitle: 'ticks', unit: 'count',
      series: [{ name: 'all holds', color: '#009E73', all: true, points: dl.ticksPerHold, dist: lock.ticksPerHold }], domain: plotDomain([dl.ticksPerHold]), legendTitle: 'series' })));
  }
  }

  var thsec = section('threads', 'Threads', 'Every thread that used the lock. Click a column header to sort.');
  thsec.appendChild(lock.threads.length ? threadsTable(report, lock, 'threads-table') : h('p', { class: 'muted', text: 'No thread used the lock.' }));
  thsec.appendChild(h('h3', { text: 'Who hands the lock to whom' }));
  thsec.appendChild(handoffMatrix(lock));

  if (report.profile) {
    renderProfile(section('profile', 'Profile', 'Call stacks sampled by async-profiler: where threads wait for the lock, and what runs on the CPU with and without it.'), report);
  }

  var lsec = section('dispatch', 'Dispatch loops', 'Switches inside loops that look like a bytecode interpreter\'s dispatch; a tick is one execution of the switch.');
  if (hasTicks(lock)) lsec.appendChild(dispatchSummary(lock));
  lsec.appendChild(loopsTable(report));
  var msec = section('run', 'Run');
  msec.appendChild(metadata(report, lock));
  var notes = notesList(report);
  if (notes) msec.appendChild(notes);
}

