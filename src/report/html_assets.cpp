// The HTML report's inline stylesheet and script (no external asset, no network).
#include "html.hpp"

#include <string>

namespace ttaobs::report {

namespace {

// The script in four parts (one string at run time; its bytes are what html_script_sha256 hashes):
// the helpers,
constexpr std::string_view k_script_helpers = R"js((function () {
  'use strict';
  var body = document.body, started = performance.now();
  window.addEventListener('error', function (e) { body.setAttribute('data-ttaobs-error', String(e.message)); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmt(us) {
    if (us < 1000) return us + '\u00b5s';
    if (us < 1e6) return String(Number((us / 1e3).toPrecision(3))) + 'ms';
    return String(Number((us / 1e6).toPrecision(3))) + 's';
  }

)js";

// the rows of one trace's tree and waterfall, built in one pass,
constexpr std::string_view k_script_rows =
    R"js(  // One trace: rows [level, name, offset us, duration us, self us, problems, span id, links] in tree order.
  function build(article, data) {
    var rows = data.rows, n = rows.length, total = Math.max(1, data.duration_us);
    var box = article.querySelector('.tree');
    var ruler = el('div', 'ruler');
    for (var q = 0; q <= 4; q++) ruler.appendChild(el('span', '', fmt(Math.round(total * q / 4))));
    box.parentNode.insertBefore(ruler, box);
    var levels = new Array(n), elems = new Array(n), collapsed = new Array(n), frag = document.createDocumentFragment();
    for (var i = 0; i < n; i++) {
      var r = rows[i], level = r[0], problems = r[5];
      var kids = i + 1 < n && rows[i + 1][0] > level;
      levels[i] = level;
      collapsed[i] = false;
      var row = el('div', problems.length ? 'row problem' : 'row');
      row.setAttribute('data-index', i);
      var label = el('div', 'label');
      label.style.paddingLeft = (Math.min(level, 40) * 14 + 2) + 'px';
      label.appendChild(el('span', kids ? 'toggle' : 'toggle leaf', kids ? '\u25be' : ''));
      if (level > 40) label.appendChild(el('span', 'depth', 'depth ' + (level + 1) + ' '));
      label.appendChild(el('span', 'name', r[1]));
      label.appendChild(el('span', 'dur', fmt(r[3])));
      if (problems.length) label.appendChild(el('span', 'mark', '\u26a0 ' + problems.join('; ')));
      var wf = el('div', 'wf'), bar = el('div', 'bar');
      var left = Math.max(0, Math.min(100, r[2] / total * 100));
      bar.style.left = left + '%';
      bar.style.width = Math.max(0, Math.min(100 - left, Math.max(0, r[3]) / total * 100)) + '%';
      wf.appendChild(bar);
      row.title = r[1] + '\nduration ' + fmt(r[3]) + ', self ' + fmt(r[4]) + '\nstarts +' + fmt(r[2]) +
        '\nspan ' + r[6] + (r[7].length ? '\nlinks ' + r[7].join(', ') : '') +
        (problems.length ? '\n\u26a0 ' + problems.join('\n\u26a0 ') : '');
      row.appendChild(label);
      row.appendChild(wf);
      frag.appendChild(row);
      elems[i] = row;
    }
    box.appendChild(frag);

)js";

// folding (per row, and all at once) without redrawing,
constexpr std::string_view k_script_folding =
    R"js(    // Shows rows from..to-1 under `hide` (rows deeper than it stay hidden), honouring collapsed rows.
    function refresh(from, to, hide) {
      for (var j = from; j < to; j++) {
        if (levels[j] <= hide) hide = Infinity;
        var visible = hide === Infinity;
        elems[j].hidden = !visible;
        if (visible && collapsed[j]) hide = levels[j];
      }
    }
    function setCollapsed(i, value) {
      collapsed[i] = value;
      elems[i].classList.toggle('collapsed', value);
      elems[i].querySelector('.toggle').textContent = value ? '\u25b8' : '\u25be';
    }
    box.addEventListener('click', function (ev) {
      var t = ev.target;
      if (!t.classList || !t.classList.contains('toggle') || t.classList.contains('leaf')) return;
      var i = Number(t.parentNode.parentNode.getAttribute('data-index')), end = i + 1;
      while (end < n && levels[end] > levels[i]) end++;
      setCollapsed(i, !collapsed[i]);
      refresh(i + 1, end, collapsed[i] ? levels[i] : Infinity);
    });
    article.querySelector('.tools').addEventListener('click', function (ev) {
      var act = ev.target.getAttribute && ev.target.getAttribute('data-act');
      if (!act) return;
      for (var j = 0; j < n; j++) if (j + 1 < n && levels[j + 1] > levels[j]) setCollapsed(j, act === 'collapse');
      refresh(0, n, Infinity);
    });
    box.setAttribute('data-rows', n);
    return n;
  }

)js";

// and the start: every trace article drawn from the JSON block, then the ready mark.
constexpr std::string_view k_script_start = R"js(  var source = document.getElementById('ttaobs-traces');
  var traces = source ? JSON.parse(source.textContent) : [];
  var drawn = 0;
  var articles = document.querySelectorAll('article.trace');
  for (var k = 0; k < articles.length; k++) {
    drawn += build(articles[k], traces[Number(articles[k].getAttribute('data-trace'))]);
  }
  var filter = document.getElementById('only-problems');
  if (filter) filter.addEventListener('change', function () { body.classList.toggle('only-problems', filter.checked); });
  body.setAttribute('data-spans-drawn', drawn);
  body.setAttribute('data-build-ms', Math.round(performance.now() - started));
  body.setAttribute('data-ttaobs-ready', '1');
})();
)js";

} // namespace

std::string_view html_style()
{
  return R"css(:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --error: #8250df; --skip: #6e7781;
  --line: #d0d7de; --bg-problem: #fff0f0; font-family: system-ui, sans-serif; font-size: 14px; color: #1f2328; }
body { margin: 0 auto; padding: 1em 2em; max-width: 1400px; }
h1 { font-size: 1.5em; margin: 0.2em 0; } h2 { font-size: 1.25em; margin-top: 1.5em; } h3 { font-size: 1.05em; margin: 0.3em 0; }
code { font-family: ui-monospace, monospace; font-size: 0.92em; word-break: break-all; }
.summary { border-left: 6px solid var(--pass); padding: 0.2em 1em; background: #f6f8fa; }
.summary.exit-1 { border-color: var(--fail); } .summary.exit-3 { border-color: var(--error); }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0.5em 0; }
.summary dt { font-weight: 600; } .summary dd { margin: 0; word-break: break-all; }
.badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 1em; color: #fff; font-size: 0.85em;
  font-weight: 600; text-decoration: none; background: var(--skip); }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.warn { background: var(--warn); } .badge.error { background: var(--error); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35em 0.5em; border-bottom: 1px solid var(--line); }
tr.problem { background: var(--bg-problem); } tr.problem td:first-child { border-left: 4px solid var(--fail); }
tr.warn td:first-child { border-left-color: var(--warn); } tr.error td:first-child { border-left-color: var(--error); }
tr:target { outline: 2px solid #0969da; }
.desc, .evidence, .meta, .time { color: #57606a; font-size: 0.9em; } .time { white-space: nowrap; }
.details { margin: 0.3em 0; padding-left: 1.2em; white-space: pre-wrap; word-break: break-word; }
.msg { white-space: pre-wrap; word-break: break-word; }
body.only-problems tr.check:not(.problem) { display: none; }
.trace { border: 1px solid var(--line); border-radius: 6px; padding: 0.5em 1em; margin: 1em 0; }
.trace.failing { border-color: var(--fail); border-left-width: 6px; }
.cut { color: var(--warn); }
.tools { margin: 0.3em 0; }
.tree { max-height: 75vh; overflow: auto; border-top: 1px solid var(--line); font-size: 13px; }
.row { display: flex; align-items: center; min-height: 20px; border-bottom: 1px solid #f0f2f4;
  content-visibility: auto; contain-intrinsic-size: auto 21px; }
.row[hidden] { display: none; }
.row:hover { background: #eef4ff; }
.row.problem { background: var(--bg-problem); }
.label { flex: 0 0 45%; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; box-sizing: border-box; }
.toggle { display: inline-block; width: 1.2em; cursor: pointer; user-select: none; color: #57606a; }
.toggle.leaf { cursor: default; }
.depth { color: #57606a; font-size: 0.85em; }
.dur { color: #57606a; margin-left: 0.6em; font-size: 0.9em; }
.mark { color: var(--fail); margin-left: 0.6em; font-weight: 600; }
.wf { position: relative; flex: 1 1 auto; height: 12px; margin: 0 0.5em; background: #f6f8fa; }
.bar { position: absolute; top: 1px; bottom: 1px; min-width: 1px; background: #54aeff; border-radius: 2px; }
.row.problem .bar { background: var(--fail); }
.ruler { display: flex; justify-content: space-between; margin-left: 45%; padding: 0 0.5em; color: #57606a; font-size: 0.8em; }
)css";
}

std::string_view html_script()
{
  static const std::string script = std::string(k_script_helpers) + std::string(k_script_rows) +
                                    std::string(k_script_folding) + std::string(k_script_start);
  return script;
}

std::string_view html_script_sha256()
{
  return "+T/Plfn0lodk4nqvTYJibmI/dUrj4hOmh00ZqN+M/Lc="; // tests/html/check_html.py prints it anew when the script
                                                         // changes
}

} // namespace ttaobs::report
