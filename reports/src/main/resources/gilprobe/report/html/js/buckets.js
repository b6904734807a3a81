// js/buckets.js: the whole run in time buckets (timeline.buckets): prefix sums per lane, the time in each
// state up to any instant, the verdict's numbers over a selected range, and the contended phase.
// ------------------------------------------------------------------ whole-run buckets

/**
 * A lane of timeline.buckets as prefix sums: cum[s][i] = time in state s (hold, wait, condition wait) in
 * buckets 0..i-1. {@code runEnd}: the run's duration; the last bucket's time is spread over its part
 * before the run's end.
 */
function prepareBucketLane(L, width, runEnd) {
  var n = L.held.length, cols = [L.held, L.waiting, L.conditionWait], cum = [];
  for (var s = 0; s < 3; s++) {
    var c = new Float64Array(n + 1), a = cols[s];
    for (var i = 0; i < n; i++) c[i + 1] = c[i] + a[i];
    cum.push(c);
  }
  var first = -1, last = -1;
  for (i = 0; i < n; i++) {
    if (L.held[i] || L.waiting[i] || L.conditionWait[i]) { if (first < 0) first = i; last = i; }
  }
  return { id: L.id, name: L.name, n: n, width: width, runEnd: runEnd, cols: cols, cum: cum, first: first, last: last };
}

/**
 * Time in each state from 0 up to t, into out[0..2]: whole buckets before t, and of the bucket holding t the
 * fraction of it before t (its time taken as spread evenly over it: the buckets say no more).
 */
function bucketCumAt(bl, t, out) {
  var w = bl.width, k = Math.floor(t / w);
  if (k < 0) { out[0] = out[1] = out[2] = 0; return; }
  if (k >= bl.n) { out[0] = bl.cum[0][bl.n]; out[1] = bl.cum[1][bl.n]; out[2] = bl.cum[2][bl.n]; return; }
  var from = k * w, len = Math.max(1, Math.min(w, bl.runEnd - from)), f = Math.min(1, Math.max(0, (t - from) / len));
  for (var s = 0; s < 3; s++) out[s] = bl.cum[s][k] + f * bl.cols[s][k];
}

/**
 * The verdict's numbers over the range [t0, t1) of the run, from the buckets; the formulas are those of
 * gilprobe.report.verdict.Verdicts (docs/design.md, "Verdict") with T = t1 − t0:
 * a thread is a user when it held or waited in the range; its span is from the start of its first bucket
 * with any state to the end of its last, both clipped to the range (and to the run's end), and never less
 * than H + W + C; work = H + (span − H − W − C) (the buckets carry no dispatch ticks: the span estimate);
 * utilization = ΣH / T, threadsWaiting = ΣW / T, effectiveParallelism P = min(N, Σwork / T),
 * waitShare = ΣW / (Σwork + ΣW); the what-if phase by phase (WhatIfs.predictPhased, phasedPrediction below),
 * predicted = min(T, the phases' sum) (at least 1 ns);
 * coresLost = max(0, min(N − P, min(N, Σwork / predicted) − P)).
 */
function rangeNumbers(bucketLanes, t0, t1, cores) {
  var T = Math.max(1, t1 - t0), N = Math.max(1, cores || 1), a = [0, 0, 0], b = [0, 0, 0];
  var sumH = 0, sumW = 0, sumC = 0, sumWork = 0, users = 0, threads = [];
  var spans = [];
  bucketLanes.forEach(function (bl) {
    bucketCumAt(bl, t0, a); bucketCumAt(bl, t1, b);
    var H = b[0] - a[0], W = b[1] - a[1], C = b[2] - a[2];
    sumH += H;
    if (!(H > 0 || W > 0)) return;
    var w = bl.width, k0 = Math.max(bl.first, Math.floor(t0 / w)), k1 = Math.min(bl.last, Math.ceil(t1 / w) - 1);
    // the first and last bucket in the range with any state
    while (k0 <= k1 && !(bl.cols[0][k0] || bl.cols[1][k0] || bl.cols[2][k0])) k0++;
    while (k1 >= k0 && !(bl.cols[0][k1] || bl.cols[1][k1] || bl.cols[2][k1])) k1--;
    var s0 = Math.max(t0, k0 * w), s1 = Math.min(t1, (k1 + 1) * w, bl.runEnd);
    var span = Math.max(s1 - s0, H + W + C);
    var work = H + (span - H - W - C);
    users++; sumW += W; sumC += C; sumWork += work;
    spans.push({ bl: bl, start: s0, end: s0 + span });
    threads.push({ id: bl.id, name: bl.name, heldNanos: H, waitNanos: W, conditionWaitNanos: C, spanNanos: span, workNanos: work,
      waitShare: ratio(W, work + W) });
  });
  var threadsWaiting = sumW / T, P = Math.min(N, sumWork / T);
  var predicted = T;
  if (users > 0) {
    predicted = Math.max(Math.min(T, 1), Math.min(T, phasedPrediction(spans, t0, t1, N)));
  }
  return { startNanos: t0, endNanos: t1, threadCount: users, cores: N, heldNanos: sumH, waitNanos: sumW, conditionWaitNanos: sumC,
    utilization: sumH / T, waitShare: ratio(sumW, sumWork + sumW), threadsWaiting: threadsWaiting, effectiveParallelism: P,
    coresLost: Math.max(0, Math.min(N - P, Math.min(N, ratio(sumWork, predicted)) - P)), predictedNanos: predicted,
    threads: threads };
}

/**
 * The what-if of [t0, t1) phase by phase, as gilprobe.report.verdict.WhatIfs.predictPhased: a phase ends at a
 * user's arrival (its span's start) after a stretch one user had to itself; in each phase, each user there does
 * its hold time there and its time there without holding, waiting or waiting on the lock (the span
 * estimate of work); the phase takes the larger of one user's work and all of it over N, or its own length
 * when no user was there. Lock time in a bucket cut by a phase counts in proportion (spread evenly over it).
 */
function phasedPrediction(spans, t0, t1, N) {
  var cuts = [t0, t1], last = -Infinity;
  spans.forEach(function (u) { cuts.push(Math.max(t0, Math.min(t1, u.start))); last = Math.max(last, u.end); });
  cuts.push(Math.max(t0, Math.min(t1, last)));
  cuts.sort(function (x, y) { return x - y; });
  cuts = cuts.filter(function (c, i) { return i === 0 || c > cuts[i - 1]; });
  function present(a, b) {
    return spans.filter(function (u) { return Math.min(b, u.end) - Math.max(a, u.start) > 0; }).length;
  }
  var total = 0, from = 0;
  while (from < cuts.length - 1) {
    var to = from + 1;
    // after a stretch two or more users shared, an arrival does not cut (it may have waited for the lock)
    while (to < cuts.length - 1 && cuts[to] < last && present(cuts[from], cuts[to]) >= 2) to++;
    var a = cuts[from], b = cuts[to], max = 0, sum = 0, anyone = false;
    spans.forEach(function (u) {
      var there = Math.min(b, u.end) - Math.max(a, u.start);
      if (there <= 0) return;
      anyone = true;
      var h = bucketSumOver(u.bl, 0, a, b), wt = bucketSumOver(u.bl, 1, a, b), c = bucketSumOver(u.bl, 2, a, b);
      var work = h + Math.max(0, there - h - wt - c);
      max = Math.max(max, work); sum += work;
    });
    total += anyone ? Math.max(max, sum / N) : b - a;
    from = to;
  }
  return total;
}

/** State s's time of a lane inside [a, b): whole buckets, and of a cut bucket the part inside (WhatIfs.sumOver). */
function bucketSumOver(bl, s, a, b) {
  var w = bl.width, sum = 0;
  for (var k = Math.max(0, Math.floor(a / w)); k < bl.n && k * w < b; k++) {
    var from = k * w, to = Math.min(bl.runEnd, from + w);
    if (to <= from) break;
    var inside = Math.min(b, to) - Math.max(a, from);
    if (inside > 0) sum += bl.cols[s][k] * (inside / (to - from));
  }
  return sum;
}

/** A bucket is contended when on average at least this many threads waited in it. */
var PHASE_WAITING = 0.25;
/**
 * The contended phase, when one stands out: the stretch of buckets with the most wait time among the
 * stretches of contended buckets (ΣW ≥ PHASE_WAITING × width), two stretches joined across a gap of at most
 * 1% of the buckets (at least one); proposed when it has at least 4 buckets, at least half of the run's
 * wait time, and covers at most 80% of the run (else the whole run is the phase, and its verdict says so).
 * Returns { startNanos, endNanos, waitNanos, share } or null.
 */
function contendedPhase(bucketLanes, runEnd) {
  if (!bucketLanes.length) return null;
  var n = bucketLanes[0].n, w = bucketLanes[0].width, wait = new Float64Array(n), total = 0;
  bucketLanes.forEach(function (bl) { for (var i = 0; i < n; i++) wait[i] += bl.cols[1][i]; });
  for (var i = 0; i < n; i++) total += wait[i];
  if (!(total > 0)) return null;
  var gap = Math.max(1, Math.floor(n / 100)), best = null, cur = null;
  for (i = 0; i < n; i++) {
    if (wait[i] < PHASE_WAITING * w) continue;
    if (cur && i - cur.last - 1 <= gap) { cur.last = i; cur.wait += wait[i]; for (var j = cur.lastAdded + 1; j < i; j++) cur.wait += wait[j]; cur.lastAdded = i; }
    else { cur = { first: i, last: i, lastAdded: i, wait: wait[i] }; }
    if (!best || cur.wait > best.wait) best = { first: cur.first, last: cur.last, wait: cur.wait };
    else if (best.first === cur.first) { best.last = cur.last; best.wait = cur.wait; }
  }
  if (!best) return null;
  var start = best.first * w, end = Math.min(runEnd, (best.last + 1) * w), buckets = best.last - best.first + 1;
  if (buckets < 4 || best.wait < 0.5 * total || end - start > 0.8 * runEnd) return null;
  return { startNanos: start, endNanos: end, waitNanos: best.wait, share: best.wait / total };
}
