// js/report-page.js: the single-run page, section by section.
// ------------------------------------------------------------------ the single-run page
function renderReport(run) {
  var report = run.report, derived = run.derived;
  document.getElementById('subtitle').textContent = (report.run.mainCommand || 'run') + ' · ' + fmtNs(report.run.durationNanos) + ' · ' +
    plural(report.run.availableProcessors, 'core');
  if (!report.locks.length) {
    section('verdict', 'Verdict').appendChild(h('p', { text: 'This report has no designated lock.' }));
    if (report.candidates) candidatesSection(report);
    var rsec = section('run', 'Run');
    rsec.appendChild(metadata(report, null));
    var rnotes = notesList(report);
    if (rnotes) rsec.appendChild(rnotes);
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
  if (report.candidates) candidatesSection(report);
  var msec = section('run', 'Run');
  msec.appendChild(metadata(report, lock));
  var notes = notesList(report);
  if (notes) msec.appendChild(notes);
}


// find=true: the candidates as ranked in the JSON, each with the option that designates it
function candidatesSection(report) {
  var sec = section('candidates', 'Candidates (find=true)', 'Every monitor and Lock the program took, grouped by where the object lives, ranked by the time threads spent blocked on it: waiting to acquire it, and in wait()/await() on it. Paste a spec into the next run\'s options to designate that lock.');
  if (!report.candidates.length) { sec.appendChild(h('p', { class: 'muted', text: 'No monitor or Lock was taken by instrumented code.' })); return; }
  sec.appendChild(sortableTable([
    { key: 'rank', label: '#', num: true, value: function (c) { return report.candidates.indexOf(c) + 1; } },
    { key: 'spec', label: 'Spec', value: function (c) { return c.spec; }, render: function (c) { return c.spec ? h('code', { text: c.spec }) : h('span', { class: 'muted', text: 'no option designates it' }); } },
    { key: 'name', label: 'Lock', value: function (c) { return c.name; } },
    { key: 'blocked', label: 'Blocked', num: true, value: function (c) { return c.blockedNanos; }, render: function (c) { return fmtNs(c.blockedNanos); } },
    { key: 'wait', label: 'Wait to acquire', num: true, value: function (c) { return c.waitNanos; }, render: function (c) { return fmtNs(c.waitNanos); } },
    { key: 'cwait', label: 'In wait()/await()', num: true, value: function (c) { return c.conditionWaitNanos; }, render: function (c) { return fmtNs(c.conditionWaitNanos); } },
    { key: 'held', label: 'Held', num: true, value: function (c) { return c.heldNanos; }, render: function (c) { return fmtNs(c.heldNanos); } },
    { key: 'utilization', label: 'Utilization', num: true, value: function (c) { return c.utilization; }, render: function (c) { return fmtPct(c.utilization); } },
    { key: 'acquisitions', label: 'Acquisitions', num: true, value: function (c) { return c.acquisitions; }, render: function (c) { return fmtInt(c.acquisitions); } },
    { key: 'threads', label: 'Threads', num: true, value: function (c) { return c.threads; } }
  ], report.candidates, null, function (c) { return { 'data-spec': c.spec }; }));
}
