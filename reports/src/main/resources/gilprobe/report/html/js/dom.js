// js/dom.js: building the page. h() and svg() make elements whose every string from the data is a text
// node or an attribute value, never markup; section() adds a section and its link; tip() is a tooltip.
// ------------------------------------------------------------------ DOM helpers
// Every string from the data becomes a text node or an attribute value: never markup.
var SVGNS = 'http://www.w3.org/2000/svg';
function setAttrs(e, attrs) {
  if (!attrs) return;
  Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v == null || v === false) return;
    if (k === 'class') e.setAttribute('class', v);
    else if (k === 'text') e.textContent = String(v);
    else if (k.slice(0, 2) === 'on' && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.keys(v).forEach(function (p) { e.style[p] = v[p]; });
    else if (k.slice(0, 2) !== 'on') e.setAttribute(k, String(v));
  });
}
function append(e, kids) {
  kids.forEach(function (k) {
    if (k == null || k === false) return;
    if (Array.isArray(k)) append(e, k);
    else if (typeof k === 'object') e.appendChild(k);
    else e.appendChild(document.createTextNode(String(k)));
  });
  return e;
}
function h(tag, attrs) { var e = document.createElement(tag); setAttrs(e, attrs); return append(e, [].slice.call(arguments, 2)); }
function svg(tag, attrs) { var e = document.createElementNS(SVGNS, tag); setAttrs(e, attrs); return append(e, [].slice.call(arguments, 2)); }

// ------------------------------------------------------------------ page frame
var main = document.getElementById('main');
function section(id, title, intro) {
  var s = h('section', { class: 'sec', id: id }, h('h2', { text: title }), intro ? h('p', { class: 'muted small', text: intro }) : null);
  main.appendChild(s);
  document.getElementById('toc-links').appendChild(h('a', { href: '#' + id, text: title }));
  return s;
}
function tip(container) {
  var t = h('div', { class: 'tip' });
  container.appendChild(t);
  return {
    show: function (x, y, title, rows) {
      t.textContent = '';
      t.appendChild(h('div', { class: 'tt', text: title }));
      rows.forEach(function (r) {
        t.appendChild(h('div', { class: 'row' }, h('span', null, r[2] ? h('i', { class: 'swx', style: { background: r[2] } }) : null, r[0]), h('span', { text: r[1] })));
      });
      t.style.display = 'block';
      var cw = container.clientWidth, tw = t.offsetWidth, th = t.offsetHeight;
      var left = x + 14 + tw > cw ? Math.max(0, x - tw - 14) : x + 14;
      t.style.left = left + 'px';
      t.style.top = (y - th - 10 >= 0 ? y - th - 10 : y + 18) + 'px';
    },
    hide: function () { t.style.display = 'none'; }
  };
}
