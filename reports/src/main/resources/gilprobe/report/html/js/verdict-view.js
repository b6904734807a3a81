// js/verdict-view.js: the verdict section. It shows locks[i].verdict as the report states it (headline,
// summary, diagnoses, numbers on cards); every number of the verdict is computed in Java
// (gilprobe.report.verdict.Verdicts), none here.
// ------------------------------------------------------------------ verdict
function metricCard(key, value, text, label, sub, definition, cls) {
  return h('div', { class: 'card' + (cls ? ' ' + cls : ''), 'data-metric': key, 'data-value': value, title: definition },
    h('div', { class: 'v', text: text }), h('div', { class: 'k', text: label }), sub ? h('div', { class: 'sub', text: sub }) : null);
}
// The definitions as docs/design.md ("Verdict") and gilprobe.report.verdict.Verdicts state them: the numbers
// are computed there, in Java, once, and written into the report as locks[i].verdict; this page only shows them.
var DEFINITIONS = [
  ['Utilization', 'Total hold time of the lock ÷ wall time of the profiled interval.'],
  ['Speedup bound (Amdahl)', '1 ÷ utilization. The held sections run one at a time, so the run cannot take less than their total; however many cores, it gets at most this much faster.'],
  ['Wait share', 'Σ wait ÷ Σ (work + wait), over the threads that used the lock: of the time they wanted to run, the share they spent waiting for the lock.'],
  ['Threads waiting (average)', 'Σ wait time ÷ wall time: how many threads were blocked on the lock at an average moment.'],
  ['Effective parallelism', 'Σ work ÷ wall time, at most the number of cores. A thread\'s work is its held work plus its work without the lock. Held work is its hold time; for a thread that ran a tenth or more of the dispatch-loop ticks held, its ticks at the fastest speed such a thread ran them (the same bytecode at the run\'s best speed: slower holds were slowed by contention, not by more work). Work without the lock: when it ran ticks under the lock, the ticks it ran without the lock at the rate of its holds; otherwise every moment of its span that it neither held, waited nor condition-waited (an upper estimate: blocking on I/O or join counts as work). A thread\'s span runs from its first recorded request to its last release when the timeline kept every event, and is the whole run otherwise (the page says which).'],
  ['Cores lost', 'min(cores, Σ work ÷ predicted) − effective parallelism, with predicted the run\'s duration without the lock (below): the cores the same work would have kept busy without the lock, less those it did. They stood idle while threads waited for the lock or spent handing it over; Σ work = effective parallelism × run = (effective parallelism + cores lost) × predicted.'],
  ['Contended', 'Acquisitions that found the lock held by another thread when they asked for it.'],
  ['Self re-acquire rate', 'Acquisitions by the thread that had just released the lock ÷ all acquisitions.'],
  ['Unfair re-acquire rate', 'Self re-acquires taken while at least one other thread was waiting ÷ all acquisitions (the multicore "GIL battle").'],
  ['Hold, wait', 'Hold: from acquisition to the release that frees the lock; Object.wait() ends a hold and its time is condition wait. Wait: from asking for the lock to holding it.'],
  ['Without this lock (what-if)', 'The run\'s predicted duration if the lock cost nothing: each thread does only its work (as above); waits, condition waits and handing the lock over are taken away; the threads\' work takes at least max(the busiest thread\'s work, Σ work ÷ cores), and the parts of the run before the first and after the last use of the lock stay as they were. Speedup = run ÷ predicted. The sentence under the summary says how this run\'s prediction was made.']
];
/** Where the threads' spans came from, in words, for the wait-share card. */
var SPAN_SOURCES = { timeline: 'spans from the timeline', run: 'spans: the whole run', interval: 'spans: the interval', mixed: 'spans from the timeline or the whole run' };
/**
 * The verdict of lock li exactly as the report states it (locks[i].verdict): the first diagnosis as the
 * headline, the summary, the other diagnoses, and the numbers on cards. Computes nothing.
 */
function renderVerdict(sec, report, li) {
  var lock = report.locks[li], v = lock.verdict, dur = report.run.durationNanos;
  if (!v) throw new Error('the report has no verdict for ' + lock.spec + ' (locks[' + li + '].verdict)');
  var d = v.diagnoses[0];
  sec.appendChild(h('p', { class: 'headline sev-' + d.severity, 'data-diagnosis': d.code }, h('b', { text: d.title }), ' ', d.text));
  if (d.code === 'never-acquired') {
    if (lock.suggestions && lock.suggestions.length) {
      sec.appendChild(h('ul', { class: 'suggestions' }, lock.suggestions.map(function (s) {
        return h('li', null, h('code', { text: s.option }), ' ', h('span', { class: 'muted small', text: '— ' + fmtInt(s.acquisitions) + ' acquisitions' + (s.site ? ', at ' + s.site : '') }));
      })));
    }
    return v; // every number would be zero: the suggestions are the useful part
  }
  sec.appendChild(h('p', { class: 'summary', id: 'verdict-summary', text: v.summary }));
  // locks[i].whatIf, as written (absent in a report written before it existed)
  var w = lock.whatIf;
  if (w) {
    sec.appendChild(h('p', { class: 'whatif', id: 'verdict-whatif', 'data-predicted': w.predictedNanos, 'data-speedup': w.speedup },
      h('b', { text: 'Without this lock: about ' + fmtNs(w.predictedNanos) + ' (' + fmtX(w.speedup) + ' faster).' }), ' ',
      h('span', { class: 'method', text: w.method })));
  }
  v.diagnoses.slice(1).forEach(function (x) {
    sec.appendChild(h('div', { class: 'diag sev-' + x.severity, 'data-diagnosis': x.code }, h('span', { class: 't', text: x.title }), ' ', x.text));
  });
  var ho = lock.handoffs;
  sec.appendChild(h('div', { class: 'cards' },
    metricCard('utilization', v.utilization, fmtPct(v.utilization), 'Utilization', fmtNs(lock.heldNanos) + ' held of ' + fmtNs(dur), DEFINITIONS[0][1], 'key'),
    metricCard('speedup-bound', v.speedupCap == null ? 'Infinity' : v.speedupCap, fmtX(v.speedupCap), 'Speedup bound', 'Amdahl: 1 ÷ utilization', DEFINITIONS[1][1], 'key'),
    metricCard('wait-share', v.waitShare, fmtPct(v.waitShare), 'Wait share', 'of the time threads wanted to run (' + (SPAN_SOURCES[v.spanSource] || v.spanSource) + ')', DEFINITIONS[2][1], 'key'),
    metricCard('cores-lost', v.coresLost, fmtNum(v.coresLost), 'Cores lost', 'of ' + plural(v.cores, 'core') + ': idle, that the work would have used without the lock', DEFINITIONS[5][1], 'key'),
    metricCard('parallelism', v.effectiveParallelism, fmtNum(v.effectiveParallelism), 'Effective parallelism', 'threads working at an average moment' + (v.workSource === 'ticks' ? ' (from ticks)' : ''), DEFINITIONS[4][1]),
    metricCard('avg-waiting', v.threadsWaiting, fmtNum(v.threadsWaiting), 'Threads waiting', 'on average, at any moment', DEFINITIONS[3][1]),
    metricCard('acquisitions', lock.acquisitions, fmtInt(lock.acquisitions), 'Acquisitions', plural(v.threadCount, 'thread') + ' used the lock', 'Outermost successful acquires of the lock.'),
    metricCard('contended', lock.contendedAcquisitions, fmtInt(lock.contendedAcquisitions), 'Contended', fmtPct(v.contendedShare) + ' of acquisitions', DEFINITIONS[6][1]),
    metricCard('handoffs', ho.toOtherThread, fmtInt(ho.toOtherThread), 'Handoffs', fmtPct(v.handoffRate) + ' to another thread', 'Acquisitions whose previous holder was a different thread.'),
    metricCard('self-reacquire-rate', v.selfReacquireRate, fmtPct(v.selfReacquireRate), 'Self re-acquires', fmtInt(ho.selfReacquire) + ' of the releasing thread', DEFINITIONS[7][1]),
    metricCard('unfair-rate', v.unfairRate, fmtPct(v.unfairRate), 'Unfair re-acquires', fmtInt(ho.unfairSelfReacquire) + ' while others waited', DEFINITIONS[8][1]),
    metricCard('hold-p50', lock.hold.p50, fmtNs(lock.hold.p50), 'Hold, median', 'p99 ' + fmtNs(lock.hold.p99) + ', max ' + fmtNs(lock.hold.max), DEFINITIONS[9][1]),
    metricCard('wait-p50', lock.wait.p50, fmtNs(lock.wait.p50), 'Wait, median', 'p99 ' + fmtNs(lock.wait.p99) + ', max ' + fmtNs(lock.wait.max), DEFINITIONS[9][1]),
    lock.conditionWaits > 0 ? metricCard('condition-waits', lock.conditionWaits, fmtInt(lock.conditionWaits), 'Condition waits', fmtNs(lock.conditionWaitNanos) + ' in wait()', 'Calls of wait()/await() on the lock; their time is not hold time.') : null));
  sec.appendChild(h('details', { class: 'defs' }, h('summary', { text: 'How these numbers are computed' }),
    h('dl', null, DEFINITIONS.map(function (d) { return [h('dt', { text: d[0] }), h('dd', { text: d[1] })]; }))));
  return v;
}
