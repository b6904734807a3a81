// js/format.js: numbers as the page shows them (the verdict's sentences, written in Java, format them the
// same way: gilprobe.report.verdict.Words).
// ------------------------------------------------------------------ number formatting
function sig3(x) {
  var a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}
/** Nanoseconds with a unit a person reads at a glance: 850 ns, 12.3 µs, 4.56 ms, 7.80 s, 2 min 03 s. */
function fmtNs(ns) {
  if (ns == null || !isFinite(ns)) return '–';
  var a = Math.abs(ns);
  if (a < 1e3) return Math.round(ns) + ' ns';
  if (a < 1e6) return sig3(ns / 1e3) + ' µs';
  if (a < 1e9) return sig3(ns / 1e6) + ' ms';
  if (a < 60e9) return sig3(ns / 1e9) + ' s';
  var s = Math.round(ns / 1e9);
  return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
}
function fmtInt(n) { return n == null || !isFinite(n) ? '–' : Math.round(n).toLocaleString('en-US'); }
function fmtPct(f) {
  if (f == null || !isFinite(f)) return '–';
  var p = f * 100;
  if (p === 0) return '0%';
  if (p > 0 && p < 0.1) return '<0.1%';
  return p.toFixed(1) + '%';
}
function fmtX(x) { return x == null || !isFinite(x) ? '∞' : (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×'; }
function fmtNum(x) { return x == null || !isFinite(x) ? '–' : x >= 100 ? fmtInt(x) : sig3(x); }
/** Dispatch ticks per second: 850 ticks/s, 12.3 k ticks/s, 45.6 M ticks/s, 1.20 G ticks/s. */
function fmtRate(r) {
  if (r == null || !isFinite(r)) return '–';
  var a = Math.abs(r);
  if (r === 0) return '0 ticks/s';
  if (a < 1e3) return sig3(r) + ' ticks/s';
  if (a < 1e6) return sig3(r / 1e3) + ' k ticks/s';
  if (a < 1e9) return sig3(r / 1e6) + ' M ticks/s';
  return sig3(r / 1e9) + ' G ticks/s';
}
function plural(n, one, many) { return fmtInt(n) + ' ' + (n === 1 ? one : (many || one + 's')); }
function ratio(a, b) { return b > 0 ? a / b : 0; }
