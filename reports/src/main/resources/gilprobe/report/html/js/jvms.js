// js/jvms.js: a merged report's JVMs (java -jar gilprobe.jar merge), one row each, the worst one marked.
// ------------------------------------------------------------------ the JVMs of a merged report
// The worst JVM for lock li: the largest wait share of its own verdict (its threads lost the most of the time
// they wanted to run to the lock), then the largest utilization.
function worstJvm(report, li) {
  var worst = -1;
  report.jvms.forEach(function (j, i) {
    var l = j.locks[li], w = worst >= 0 ? report.jvms[worst].locks[li] : null;
    if (!l) return;
    if (!w || (l.waitShare || 0) > (w.waitShare || 0) || ((l.waitShare || 0) === (w.waitShare || 0) && l.utilization > w.utilization)) worst = i;
  });
  return worst;
}
// The diagnosis's title: a verdict's headline is its title ("Convoy."), a space, then its text.
function diagnosisTitle(headline) {
  var end = headline.indexOf('. ');
  return end < 0 ? headline : headline.slice(0, end + 1);
}
function jvmsSection(report, li) {
  var jvms = report.jvms, lock = report.locks[li];
  var sec = section('jvms', 'JVMs', 'This report adds up ' + plural(jvms.length, 'JVM') + '\'s reports of ' + lock.spec +
    ': one row per JVM, with its own numbers and its own verdict. Utilization is each JVM\'s hold time over its own duration; the fleet\'s, above, is the summed hold time over the summed durations. ' +
    (jvms.length > 1 ? 'The JVM whose threads lost the largest share of their time to the lock is marked.' : ''));
  var worst = jvms.length > 1 ? worstJvm(report, li) : -1;
  function l(j) { return j.locks[li] || {}; }
  var table = sortableTable([
    { key: 'jvm', label: 'JVM', cls: 'name', value: function (j) { return j.host + ':' + j.pid; },
      render: function (j) { return [j.host + ':' + j.pid, jvms.indexOf(j) === worst ? h('span', { class: 'badge worst-badge', title: 'largest wait share of the JVMs', text: 'worst' }) : null]; } },
    { key: 'file', label: 'Report', value: function (j) { return j.file; }, render: function (j) { return h('code', { text: j.file }); } },
    { key: 'start', label: 'Started', value: function (j) { return j.startEpochMillis; },
      render: function (j) { var d = new Date(j.startEpochMillis); return isNaN(d) ? '–' : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'); } },
    { key: 'duration', label: 'Duration', num: true, value: function (j) { return j.durationNanos; }, render: function (j) { return fmtNs(j.durationNanos); } },
    { key: 'cores', label: 'Cores', num: true, value: function (j) { return j.availableProcessors; } },
    { key: 'acquisitions', label: 'Acquisitions', num: true, value: function (j) { return l(j).acquisitions; }, render: function (j) { return fmtInt(l(j).acquisitions); } },
    { key: 'contended', label: 'Contended', num: true, value: function (j) { return ratio(l(j).contendedAcquisitions, l(j).acquisitions); },
      render: function (j) { return l(j).acquisitions ? fmtPct(l(j).contendedAcquisitions / l(j).acquisitions) : '–'; } },
    { key: 'utilization', label: 'Utilization', num: true, value: function (j) { return l(j).utilization; }, render: function (j) { return fmtPct(l(j).utilization); } },
    { key: 'held', label: 'Held', num: true, value: function (j) { return l(j).heldNanos; }, render: function (j) { return fmtNs(l(j).heldNanos); } },
    { key: 'wait', label: 'Waited', num: true, value: function (j) { return l(j).waitNanos; }, render: function (j) { return fmtNs(l(j).waitNanos); } },
    { key: 'waitShare', label: 'Wait share', num: true, value: function (j) { return l(j).waitShare == null ? -1 : l(j).waitShare; }, render: function (j) { return fmtPct(l(j).waitShare); } },
    { key: 'coresLost', label: 'Cores lost', num: true, value: function (j) { return l(j).coresLost == null ? -1 : l(j).coresLost; }, render: function (j) { return l(j).coresLost == null ? '–' : l(j).coresLost.toFixed(2); } },
    { key: 'verdict', label: 'Its verdict', value: function (j) { return l(j).headline || ''; },
      render: function (j) { return h('span', { class: 'sev-' + (l(j).severity || 'good'), title: l(j).headline || '', text: diagnosisTitle(l(j).headline || '') }); } }
  ], jvms, null, function (j) { var i = jvms.indexOf(j); return { 'data-jvm': i, class: 'jvm-row' + (i === worst ? ' worst' : '') }; });
  table.id = 'jvms-table';
  sec.appendChild(table);
  return sec;
}
