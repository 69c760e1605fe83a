"""A static, single-file HTML report of the officials table.

One table, sortable by clicking a header (agency, dates, name, counts; a few lines of
inline JavaScript, no network), each row linking to its evidence sentence further down
the same page (an anchor), and the conflicting facts listed below. Everything the page
shows is escaped: it holds scraped text."""
from __future__ import annotations

from html import escape
from pathlib import Path

from train.atomic import atomic_write

from .table import PersonRow

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2733;background:#fafbfc}
h1{font-size:22px;margin:0 0 4px} .sum{color:#4a5868;margin:0 0 16px;font-size:14px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;box-shadow:0 1px 2px #0002}
th{background:#243b53;color:#fff;text-align:left;padding:7px 8px;cursor:pointer;user-select:none;position:sticky;top:0}
th:after{content:" \\2195";opacity:.45} th.asc:after{content:" \\25B2";opacity:1} th.desc:after{content:" \\25BC";opacity:1}
td{padding:6px 8px;border-top:1px solid #e4e8ee;vertical-align:top} tr:nth-child(even) td{background:#f5f7fa}
td.num{text-align:right} .rank{color:#8a1c1c;font-weight:600} a{color:#1565c0}
.ev{background:#fff;border-left:4px solid #243b53;margin:10px 0;padding:8px 12px;font-size:13px}
.ev:target{border-color:#e0a100;background:#fff8e1} .doc{color:#6b7a8a;font-size:12px}
.conf{color:#a01b1b} h2{font-size:17px;margin:28px 0 8px}
"""

_SCRIPT = """
document.querySelectorAll('th').forEach(function(th, col){
  th.addEventListener('click', function(){
    var tb = th.closest('table').tBodies[0], rows = Array.from(tb.rows);
    var asc = !th.classList.contains('asc');
    th.parentNode.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
    th.classList.add(asc ? 'asc' : 'desc');
    var num = th.dataset.type === 'num';
    rows.sort(function(a, b){
      var x = a.cells[col].dataset.sort || a.cells[col].textContent, y = b.cells[col].dataset.sort || b.cells[col].textContent;
      if (num) { x = parseFloat(x) || 0; y = parseFloat(y) || 0; return asc ? x - y : y - x; }
      if (!x) return 1; if (!y) return -1;
      return asc ? x.localeCompare(y, 'vi') : y.localeCompare(x, 'vi');
    });
    rows.forEach(function(r){ tb.appendChild(r); });
  });
});
"""

HEADERS = [("Name", "text"), ("Rank (dates)", "text"), ("Posts", "text"), ("Agency", "text"),
           ("Articles", "num"), ("First seen", "text"), ("Last seen", "text"), ("Evidence", "text")]


def _mark(sentence: str, name: str) -> str:
    """The sentence, escaped, with the person's name in bold."""
    k = sentence.find(name)
    if k < 0:
        return escape(sentence)
    return escape(sentence[:k]) + "<b>" + escape(name) + "</b>" + escape(sentence[k + len(name):])


def render_html(rows: list[PersonRow], title: str, summary: str) -> str:
    head = "".join(f'<th data-type="{t}">{escape(h)}</th>' for h, t in HEADERS)
    body, evidence = [], []
    for n, row in enumerate(rows, start=1):
        d = row.to_dict()
        ranks = "<br>".join(
            f'<span class="rank">{escape(r["rank"])}</span>' + (f' ({escape(", ".join(r["dates"]))})' if r["dates"] else "")
            for r in d["ranks"])
        posts = "<br>".join(escape(p) for p in d["posts"][:4]) + ("<br>…" if len(d["posts"]) > 4 else "")
        anchor = f"ev-{n}"
        conf = "".join(f'<div class="conf">⚠ {escape(c)}</div>' for c in d["conflicts"])
        body.append(
            f'<tr id="row-{n}"><td>{escape(d["name"])}{conf}</td><td>{ranks}</td><td>{posts}</td>'
            f'<td>{escape(d["agency"])}</td><td class="num">{d["n_articles"]}</td>'
            f'<td>{escape(d["first_seen"])}</td><td>{escape(d["last_seen"])}</td>'
            f'<td><a href="#{anchor}">{escape(d["evidence_doc"])}</a></td></tr>')
        evidence.append(
            f'<div class="ev" id="{anchor}"><a href="#row-{n}">↑</a> <b>{escape(d["name"])}</b> '
            f'<span class="doc">{escape(d["evidence_doc"])}{" · " + escape(d["evidence_date"]) if d["evidence_date"] else ""}'
            f'</span><br>{_mark(d["evidence"], d["name"])}</div>')
    return (
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"sum\">{escape(summary)}</p>"
        f"<table id=\"officials\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>Evidence</h2>{''.join(evidence)}"
        f"<script>{_SCRIPT}</script></body></html>\n")


def write_html(rows: list[PersonRow], path: str | Path, title: str, summary: str) -> None:
    with atomic_write(path) as fh:
        fh.write(render_html(rows, title, summary))
