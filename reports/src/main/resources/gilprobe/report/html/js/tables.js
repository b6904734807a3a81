// js/tables.js: the sortable threads table, the handoff matrix, run metadata and notes.
// ------------------------------------------------------------------ tables
/** A table sorted by clicking a header; numeric cells carry their raw value in data-value. */
function sortableTable(columns, rows, initial, attrs) {
  var thead = h('tr');
  var tbody = h('tbody');
  var state = { col: initial ? initial[0] : -1, dir: initial ? initial[1] : 1 };
  var ths = columns.map(function (c, i) {
    var th = h('th', { class: 'sortable' + (c.num ? ' n' : ''), title: c.title || 'sort', scope: 'col', 'data-col': c.key, text: c.label });
    th.addEventListener('click', function () { state.dir = state.col === i ? -state.dir : (c.num ? -1 : 1); state.col = i; fill(); });
    thead.appendChild(th);
    return th;
  });
  function fill() {
    var sorted = rows.slice();
    if (state.col >= 0) {
      var c = columns[state.col];
      sorted.sort(function (x, y) {
        var a = c.value(x), b = c.value(y);
        return (typeof a === 'string' ? a.localeCompare(b) : a - b) * state.dir;
      });
    }
    ths.forEach(function (th, i) { if (i === state.col) th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort'); });
    tbody.textContent = '';
    sorted.forEach(function (r) {
      var tr = h('tr', attrs ? attrs(r) : null);
      columns.forEach(function (c) {
        var v = c.value(r);
        tr.appendChild(h('td', { class: (c.num ? 'n' : '') + (c.cls ? ' ' + c.cls : ''), 'data-col': c.key, 'data-value': v }, c.render ? c.render(r) : String(v)));
      });
      tbody.appendChild(tr);
    });
  }
  fill();
  return h('div', { class: 'tablewrap' }, h('table', { class: 'sortable' }, h('thead', null, thead), tbody));
}
/** Every thread of the lock; the shares come from the verdict's per-thread numbers (locks[i].verdict.threads). */
function threadsTable(report, lock, id) {
  var ticks = hasTicks(lock), numbers = {};
  (lock.verdict ? lock.verdict.threads : []).forEach(function (n) { numbers[n.id] = n; });
  function share(t, key) { var n = numbers[t.id]; return n ? n[key] : null; }
  var cols = [
    { key: 'name', label: 'Thread', value: function (t) { return t.name; }, cls: 'name',
      render: function (t) { return [t.name, t.alive === false ? h('span', { class: 'badge', title: 'the thread had ended when the report was written', text: 'ended' }) : null]; } },
    { key: 'id', label: 'ID', num: true, value: function (t) { return t.id; } },
    { key: 'acquisitions', label: 'Acquisitions', num: true, value: function (t) { return t.acquisitions; }, render: function (t) { return fmtInt(t.acquisitions); } },
    { key: 'contended', label: 'Contended', num: true, title: 'acquisitions that found the lock held', value: function (t) { return t.contendedAcquisitions; },
      render: function (t) { return [fmtInt(t.contendedAcquisitions), h('span', { class: 'pct', text: fmtPct(share(t, 'contendedShare')) })]; } },
    { key: 'held', label: 'Held', num: true, title: 'total hold time, and its share of the run', value: function (t) { return t.heldNanos; },
      render: function (t) { return [fmtNs(t.heldNanos), h('span', { class: 'pct', title: 'of the run', text: fmtPct(share(t, 'heldShare')) })]; } },
    { key: 'wait', label: 'Waited', num: true, title: 'total wait time, and its wait share: wait ÷ (work + wait) (see the verdict\'s definitions)', value: function (t) { return t.waitNanos; },
      render: function (t) { return [fmtNs(t.waitNanos), h('span', { class: 'pct', title: 'wait share', 'data-wait-share': share(t, 'waitShare'), text: fmtPct(share(t, 'waitShare')) })]; } },
    { key: 'cwait', label: 'Cond.\nwait', num: true, title: 'time in wait()/await() on the lock', value: function (t) { return t.conditionWaitNanos || 0; }, render: function (t) { return fmtNs(t.conditionWaitNanos || 0); } },
    { key: 'holdP50', label: 'Hold\np50 / p99', num: true, title: 'median and 99th percentile of hold times; sorts by the median', value: function (t) { return t.hold.p50; },
      render: function (t) { return [fmtNs(t.hold.p50), h('span', { class: 'p99', 'data-p99': t.hold.p99, text: 'p99 ' + fmtNs(t.hold.p99) })]; } },
    { key: 'waitP50', label: 'Wait\np50 / p99', num: true, title: 'median and 99th percentile of wait times; sorts by the median', value: function (t) { return t.wait.p50; },
      render: function (t) { return [fmtNs(t.wait.p50), h('span', { class: 'p99', 'data-p99': t.wait.p99, text: 'p99 ' + fmtNs(t.wait.p99) })]; } },
    { key: 'self', label: 'Self\nre-acq.', num: true, title: 'acquisitions right after its own release', value: function (t) { return t.selfReacquire || 0; }, render: function (t) { return fmtInt(t.selfReacquire || 0); } },
    { key: 'unfair', label: 'Unfair', num: true, title: 'self re-acquires while others waited', value: function (t) { return t.unfairSelfReacquire || 0; }, render: function (t) { return fmtInt(t.unfairSelfReacquire || 0); } }
  ];
  if (ticks) {
    cols.push({ key: 'ticks-held', label: 'Ticks\nheld', num: true, title: 'dispatch ticks run while holding the lock', value: function (t) { return t.ticksHeld; }, render: function (t) { return fmtInt(t.ticksHeld); } });
    cols.push({ key: 'ticks-not-held', label: 'Ticks\nnot held', num: true, title: 'dispatch ticks run without the lock', value: function (t) { return t.ticksNotHeld; }, render: function (t) { return fmtInt(t.ticksNotHeld); } });
    cols.push({ key: 'dispatch-rate', label: 'Dispatch\nrate', num: true, title: DISPATCH_DEFINITIONS[0][1], value: function (t) { return dispatchRate(t.ticksHeld, t.heldNanos); },
      render: function (t) { return fmtRate(dispatchRate(t.ticksHeld, t.heldNanos)); } });
  }
  var table = sortableTable(cols, lock.threads, [4, -1], function (t) { return { 'data-thread-id': t.id }; });
  table.id = id;
  table.classList.add('threads');
  return table;
}
function heatColor(f) { // white to Okabe-Ito blue
  var r = Math.round(255 + (0 - 255) * f), g = Math.round(255 + (114 - 255) * f), b = Math.round(255 + (178 - 255) * f);
  return 'rgb(' + r + ',' + g + ',' + b + ')';
}
function handoffMatrix(lock) {
  var edges = lock.handoffs.matrix || [];
  if (!edges.length) return h('p', { class: 'muted', text: 'No handoff matrix was recorded for this lock.' });
  var ids = lock.threads.map(function (t) { return t.id; }), names = {};
  lock.threads.forEach(function (t) { names[t.id] = t.name; });
  edges.forEach(function (e) { [e.fromId, e.toId].forEach(function (id) { if (ids.indexOf(id) < 0) { ids.push(id); names[id] = 'thread #' + id; } }); });
  var count = {}, max = 0, rowTot = {}, colTot = {}, total = 0;
  edges.forEach(function (e) {
    count[e.fromId + ':' + e.toId] = e.count; max = Math.max(max, e.count); total += e.count;
    rowTot[e.fromId] = (rowTot[e.fromId] || 0) + e.count; colTot[e.toId] = (colTot[e.toId] || 0) + e.count;
  });
  var head = h('tr', null, h('th', { text: 'released by ↓ / taken by →' }),
    ids.map(function (id) { return h('th', { class: 'colh n', title: names[id], text: names[id] }); }), h('th', { class: 'tot n', text: 'total' }));
  var body = ids.map(function (from) {
    return h('tr', null, h('th', { class: 'rowh', title: names[from], text: names[from] }), ids.map(function (to) {
      var c = count[from + ':' + to] || 0, f = max ? Math.log(1 + c) / Math.log(1 + max) : 0;
      var td = h('td', { class: 'cell' + (from === to ? ' self' : ''), 'data-from': from, 'data-to': to, 'data-value': c,
        title: from === to ? names[from] + ' took the lock back itself ' + fmtInt(c) + ' times (self re-acquire)'
          : names[from] + ' → ' + names[to] + ': ' + fmtInt(c) + ' handoffs (' + fmtPct(ratio(c, rowTot[from] || 0)) + ' of ' + names[from] + '\'s releases)',
        text: c ? fmtInt(c) : '·' });
      td.style.background = c ? heatColor(f) : '';
      td.style.color = f > 0.55 ? '#fff' : '';
      return td;
    }), h('td', { class: 'tot n', text: fmtInt(rowTot[from] || 0) }));
  });
  body.push(h('tr', null, h('th', { class: 'tot', text: 'total' }), ids.map(function (id) { return h('td', { class: 'tot n', text: fmtInt(colTot[id] || 0) }); }),
    h('td', { class: 'tot n', text: fmtInt(total) })));
  return h('div', null,
    h('p', { class: 'muted small', text: 'Row: the thread that released the lock. Column: the thread that took it next. Dashed diagonal: the same thread took it back (self re-acquire). Darker is more (log scale).' }),
    h('div', { class: 'tablewrap' }, h('table', { class: 'heat', id: 'handoffs' }, h('thead', null, head), h('tbody', null, body))));
}
function metadata(report, lock) {
  var run = report.run;
  var started = new Date(run.startEpochMillis);
  function row(k, v, key) { return [h('dt', { text: k }), h('dd', { 'data-meta': key }, v)]; }
  return h('dl', { class: 'meta' },
    row('Program', h('code', { text: run.mainCommand || '(unknown)' }), 'main'),
    row('JVM', (run.vmName ? run.vmName + ', ' : '') + 'Java ' + run.javaVersion, 'jvm'),
    row('Cores', fmtInt(run.availableProcessors) + ' available to the JVM', 'cores'),
    run.host ? row('Host', run.host, 'host') : null,
    row('Process id', report.jvms ? 'one per JVM (see JVMs)' : String(run.pid), 'pid'),
    row('Started', isNaN(started) ? '–' : started.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'), 'start'),
    row('Duration', fmtNs(run.durationNanos) + ' (' + fmtInt(run.durationNanos) + ' ns' + (report.jvms ? ', the JVMs\' durations summed' : '') + ')', 'duration'),
    row('Agent options', h('code', { text: run.options || '(none)' }), 'options'),
    lock ? row('Lock', [h('code', { text: lock.spec }), ' — ' + lock.kind + (lock.instances > 1 ? ', ' + lock.instances + ' objects' : '')], 'lock') : null,
    row('Report format', report.format, 'format'));
}
function notesList(report) {
  return report.notes.length ? h('div', null, h('h3', { text: 'Notes from the agent' }),
    h('ul', { class: 'notes', id: 'notes' }, report.notes.map(function (n) { return h('li', { text: n }); }))) : null;
}
