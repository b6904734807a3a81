// js/report-page.js: the single-run page, section by section.
// ------------------------------------------------------------------ the single-run page
// The lock shown: #lock-N in the address (N from 1), else the first. With several locks the page opens
// with all of them side by side; choosing one redraws every section for it.
function selectedLock(report) {
  var m = /^#lock-(\d+)$/.exec(location.hash || '');
  var i = m ? parseInt(m[1], 10) - 1 : 0;
  return i >= 0 && i < report.locks.length ? i : 0;
}
function renderReport(run, selected) {
  var report = run.report, derived = run.derived;
  main.textContent = '';
  document.getElementById('toc-links').textContent = '';
  document.getElementById('subtitle').textContent = (report.run.mainCommand || 'run') + ' · ' + fmtNs(report.run.durationNanos) + ' · ' +
    plural(report.run.availableProcessors, 'core') + (report.jvms ? ' · merged from ' + plural(report.jvms.length, 'JVM') + ' (durations summed)' : '');
  if (!report.locks.length) {
    section('verdict', 'Verdict').appendChild(h('p', { text: 'This report has no designated lock.' }));
    if (report.candidates) candidatesSection(report);
    var rsec = section('run', 'Run');
    rsec.appendChild(metadata(report, null));
    var rnotes = notesList(report);
    if (rnotes) rsec.appendChild(rnotes);
    return;
  }
  var li = selected == null ? selectedLock(report) : selected, lock = report.locks[li];
  document.title = 'gilprobe: ' + lock.spec + (report.run.mainCommand ? ' — ' + report.run.mainCommand : '');
  if (report.locks.length > 1) {
    var lsec = section('locks', 'Locks', 'The ' + report.locks.length + ' locks of this run side by side, in the order they were designated. ' +
      'Choose one to see it in full below.');
    lsec.appendChild(locksTable(report, li, function (i) {
      try { history.replaceState(null, '', '#lock-' + (i + 1)); } catch (e) { /* a page whose address cannot change */ }
      renderReport(run, i);
      var v = document.getElementById('verdict');
      if (v && v.scrollIntoView) v.scrollIntoView();
    }));
  }
  var verdict = section('verdict', 'Verdict', 'Lock ' + lock.spec + ' (' + lock.kind + ')' +
    (report.locks.length > 1 ? ', lock ' + (li + 1) + ' of ' + report.locks.length : '') + '.');
  verdict.setAttribute('data-lock', String(li));
  renderVerdict(verdict, report, li);
  if (report.jvms) jvmsSection(report, li);

  var tsec = section('timeline-section', 'Timeline', 'Each lane is a thread; time runs left to right from the start of the profiled run. Where many intervals share a pixel, its column shows the fraction of that pixel\'s time in each state.');
  var ltl = li === 0 ? report.timeline : lock.timeline;
  if (!ltl) {
    tsec.appendChild(h('p', { class: 'muted', id: 'no-timeline', text: 'No timeline recorded in this run.' }));
  } else {
    var g = timelineGroup(report, null, ltl);
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
    renderProfile(section('profile', 'Profile', 'Call stacks sampled by async-profiler: where threads wait for the lock, and what runs on the CPU with and without it.'), report, li);
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


// The locks of a run side by side: one row each, the chosen one marked; a click (or Enter) chooses.
function locksTable(report, selected, choose) {
  var head = h('tr', null, ['#', 'lock', 'kind', 'verdict', 'acquisitions', 'contended', 'utilization', 'held', 'waited', 'wait share', 'cores lost']
    .map(function (t, i) { return h('th', { class: i >= 4 ? 'num' : null, text: t }); }));
  var rows = report.locks.map(function (lock, i) {
    var v = lock.verdict || {};
    var row = h('tr', { class: 'lock-row' + (i === selected ? ' sel' : ''), tabindex: 0, 'data-lock': i, 'aria-selected': String(i === selected),
        onclick: function () { choose(i); }, onkeydown: function (ev) { if (ev.key === 'Enter') choose(i); } },
      h('td', { class: 'num', text: i + 1 }),
      h('td', null, h('code', { text: lock.spec })),
      h('td', { text: lock.kind }),
      h('td', { class: 'sev-' + (v.severity || 'good'), text: v.headline || '' }),
      h('td', { class: 'num', text: fmtInt(lock.acquisitions) }),
      h('td', { class: 'num', text: lock.acquisitions ? fmtPct(lock.contendedAcquisitions / lock.acquisitions) : '–' }),
      h('td', { class: 'num', text: fmtPct(lock.utilization) }),
      h('td', { class: 'num', text: fmtNs(lock.heldNanos) }),
      h('td', { class: 'num', text: fmtNs(lock.waitNanos) }),
      h('td', { class: 'num', text: v.waitShare == null ? '–' : fmtPct(v.waitShare) }),
      h('td', { class: 'num', text: v.coresLost == null ? '–' : v.coresLost.toFixed(2) }));
    return row;
  });
  return h('div', { class: 'tablewrap' }, h('table', { class: 'locks-table', id: 'locks-table' }, h('thead', null, head), h('tbody', null, rows)));
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
