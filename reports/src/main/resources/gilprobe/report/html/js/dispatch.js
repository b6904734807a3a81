// js/dispatch.js: the dispatch-loops section: ticks per second under the lock, the share of ticks under
// it, and the table of detected loops.
// ------------------------------------------------------------------ dispatch loops
var DISPATCH_DEFINITIONS = [
  ['Dispatch rate', 'Dispatch-loop ticks run while holding the lock ÷ hold time, in seconds: Σ ticks held ÷ (held ns ÷ 10⁹), per thread or, for the lock, over all threads ÷ the lock\'s total hold time. How fast the interpreter runs when it has the lock; a rate that falls as threads are added means the holds do less work.'],
  ['Ticks under the lock', 'Σ ticks held ÷ Σ (ticks held + ticks not held), over all threads: the share of dispatch-loop ticks that ran while their thread held the lock. Near 100% means the interpreter only runs under the lock, as with a GIL.']
];
/** Whether any thread ran dispatch-loop ticks (the tick columns and rates are shown only then). */
function hasTicks(lock) {
  return lock.threads.some(function (t) { return t.ticksHeld > 0 || t.ticksNotHeld > 0; });
}
/** Ticks per second of holding the lock; null when the lock was never held. */
function dispatchRate(ticksHeld, heldNanos) { return heldNanos > 0 ? ticksHeld / (heldNanos / 1e9) : null; }
/** Sets a card's unit (what follows the number's first space) in smaller type, so "2.64 M ticks/s" fits. */
function withUnit(card) {
  var v = card.querySelector('.v'), text = v.textContent, at = text.indexOf(' ');
  if (at > 0) { v.textContent = text.slice(0, at); v.appendChild(h('span', { class: 'u', text: text.slice(at) })); }
  return card;
}
function dispatchSummary(lock) {
  var held = 0, notHeld = 0;
  lock.threads.forEach(function (t) { held += t.ticksHeld || 0; notHeld += t.ticksNotHeld || 0; });
  var rate = dispatchRate(held, lock.heldNanos), share = ratio(held, held + notHeld);
  return h('div', { id: 'dispatch-summary' },
    h('p', { class: 'summary' }, 'While holding the lock, threads ran dispatch loops at ', h('b', { text: fmtRate(rate) }),
      ' (', fmtInt(held), ' ticks in ', fmtNs(lock.heldNanos), ' of hold time); ', h('b', { text: fmtPct(share) }), ' of all ',
      fmtInt(held + notHeld), ' ticks ran under the lock.'),
    h('div', { class: 'cards' },
      withUnit(metricCard('dispatch-rate', rate, fmtRate(rate), 'Dispatch rate', fmtInt(held) + ' ticks in ' + fmtNs(lock.heldNanos) + ' held', DISPATCH_DEFINITIONS[0][1], 'key')),
      metricCard('ticks-held-share', share, fmtPct(share), 'Ticks under the lock', fmtInt(held) + ' of ' + fmtInt(held + notHeld) + ' ticks', DISPATCH_DEFINITIONS[1][1])),
    h('details', { class: 'defs', style: { marginBottom: '14px' } }, h('summary', { text: 'How these numbers are computed' }),
      h('dl', null, DISPATCH_DEFINITIONS.map(function (d) { return [h('dt', { text: d[0] }), h('dd', { text: d[1] })]; }))));
}
function loopsTable(report) {
  var loops = report.dispatchLoops;
  if (!loops.length) return h('p', { class: 'muted', text: 'No bytecode-dispatch loop was detected (or detection was off: dispatch=off).' });
  var total = loops.reduce(function (s, l) { return s + l.ticks; }, 0);
  var rows = loops.map(function (l) {
    var threads = l.threads.slice().sort(function (a, b) { return b.ticks - a.ticks; });
    var opcodes = (l.opcodes || []).slice().sort(function (a, b) { return b.count - a.count; });
    var omax = opcodes.length ? opcodes[0].count : 1;
    return h('tr', null,
      h('td', { class: 'name' }, h('div', { text: l.className + '.' + l.method }), h('div', { class: 'mono muted small', text: l.descriptor })),
      h('td', { class: 'n', 'data-value': l.cases, text: fmtInt(l.cases) }),
      h('td', { class: 'n', 'data-value': l.ticks }, fmtInt(l.ticks), h('span', { class: 'pct', text: fmtPct(ratio(l.ticks, total)) })),
      h('td', null, threads.map(function (t) {
        return h('div', { class: 'barcell small' }, h('span', { class: 'name', style: { minWidth: '8em' }, text: t.name }),
          h('div', { class: 'bar' }, h('i', { style: { width: (100 * ratio(t.ticks, l.ticks)) + '%' } })),
          h('span', { class: 'val', text: fmtInt(t.ticks) }));
      })),
      h('td', null, opcodes.length ? h('details', null, h('summary', { class: 'small', text: 'top ' + Math.min(12, opcodes.length) + ' of ' + opcodes.length + ' cases' }),
        opcodes.slice(0, 12).map(function (o) {
          return h('div', { class: 'barcell small' }, h('span', { class: 'mono', style: { minWidth: '5em' }, text: o.isDefault ? 'default' : 'case ' + o.key }),
            h('div', { class: 'bar' }, h('i', { style: { width: (100 * o.count / omax) + '%' } })), h('span', { class: 'val', text: fmtInt(o.count) }));
        })) : h('span', { class: 'muted small', text: 'not counted' })));
  });
  return h('div', { class: 'tablewrap' }, h('table', { id: 'loops' }, h('thead', null, h('tr', null,
    h('th', { text: 'Loop (class.method, descriptor)' }), h('th', { class: 'n', text: 'Cases' }), h('th', { class: 'n', text: 'Ticks' }),
    h('th', { text: 'Ticks per thread' }), h('th', { text: 'Per case' }))), h('tbody', null, rows)));
}
