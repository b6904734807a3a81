// js/flamegraph.js: the profile section: async-profiler's flame graphs, zoomable by click.
// ------------------------------------------------------------------ profile (flame graphs)
function flameTree(g) {
  var n = g.totals.length, nodes = new Array(n);
  for (var i = 0; i < n; i++) nodes[i] = { name: g.strings[g.names[i]], total: g.totals[i], kids: [], parent: null };
  for (var j = 1; j < n; j++) { var p = nodes[g.parents[j]]; nodes[j].parent = p; p.kids.push(nodes[j]); }
  return nodes[0];
}
function frameColor(name) {
  if (/^gilprobe\.(probe|record|profile)\./.test(name)) return '#c9b3e6';
  if (name.indexOf('.so') >= 0 || name.indexOf('::') >= 0 || name.indexOf('.') < 0) return '#b8cde0';
  var hsh = 0;
  for (var i = 0; i < name.length; i++) hsh = (hsh * 31 + name.charCodeAt(i)) | 0;
  return 'hsl(' + (20 + Math.abs(hsh) % 30) + ',' + (70 + Math.abs(hsh >> 5) % 20) + '%,' + (62 + Math.abs(hsh >> 9) % 14) + '%)';
}
function flameGraph(g, intervalNanos) {
  var root = flameTree(g), box = h('div', { class: 'flame', 'data-kind': g.kind, role: 'img', 'aria-label': g.title });
  var ROW = 18, MINPX = 2;
  function draw(focus) {
    box.textContent = '';
    var W = box.clientWidth || 900, chain = [], rows = 0;
    for (var a = focus; a; a = a.parent) chain.unshift(a);
    function place(node, depth, x, w) {
      var fr = h('div', { class: 'fr', 'data-name': node.name, text: node.name,
        title: node.name + '\n' + fmtInt(node.total) + ' samples (' + fmtPct(ratio(node.total, root.total)) + '), about ' + fmtNs(node.total * intervalNanos),
        style: { left: x + 'px', width: Math.max(1, w) + 'px', top: depth * ROW + 'px', background: frameColor(node.name) } });
      fr.addEventListener('click', function () { draw(node === focus && node.parent ? node.parent : node); });
      box.appendChild(fr);
      rows = Math.max(rows, depth + 1);
      var cx = x;
      node.kids.forEach(function (k) {
        var kw = w * k.total / node.total;
        if (kw >= MINPX) place(k, depth + 1, cx, kw);
        cx += kw;
      });
    }
    // the focused frame's ancestors span the full width above it
    chain.slice(0, -1).forEach(function (a, d) {
      var fr = h('div', { class: 'fr', 'data-name': a.name, text: a.name, title: a.name + ' (click to zoom out)',
        style: { left: '0px', width: W + 'px', top: d * ROW + 'px', background: '#e6e8ee' } });
      fr.addEventListener('click', function () { draw(a); });
      box.appendChild(fr);
    });
    place(focus, chain.length - 1, 0, W);
    box.style.height = (rows * ROW + 2) + 'px';
  }
  return { element: box, start: function () { draw(root); } };
}
// li: the lock whose graphs are shown (a run with several locks has the four graphs for each)
function renderProfile(psec, report, li) {
  var p = report.profile;
  if (p.status !== 'ok') {
    psec.appendChild(h('p', { class: 'note', id: 'profile-status', text: 'async-profiler did not run: ' + p.status + '. The rest of this report is unaffected.' }));
  } else {
    psec.appendChild(h('p', { class: 'muted small', id: 'profile-status', text: 'async-profiler, event ' + p.event + ', one sample every ' + fmtNs(p.intervalNanos) +
      '. Click a frame to zoom in, click it again (or a frame above it) to zoom out; hover for counts.' }));
  }
  p.notes.forEach(function (n) { psec.appendChild(h('p', { class: 'note', text: n })); });
  var starts = [];
  p.graphs.filter(function (g) { return (g.lock || 0) === (li || 0); }).forEach(function (g) {
    psec.appendChild(h('div', { class: 'flame-head' }, h('h3', { text: g.title }),
      h('span', { class: 'muted', text: plural(g.samples, 'sample') + (g.samples ? ' · about ' + fmtNs(g.samples * p.intervalNanos) + (g.kind === 'wait' ? ' of waiting' : ' of CPU') : '') })));
    if (!g.samples) { psec.appendChild(h('p', { class: 'muted', text: 'No samples.' })); return; }
    var fg = flameGraph(g, p.intervalNanos);
    psec.appendChild(fg.element);
    starts.push(fg.start);
  });
  starts.forEach(function (f) { f(); });
}
