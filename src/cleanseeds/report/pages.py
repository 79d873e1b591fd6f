"""HTML of the report: one stylesheet and one small table-sorting script, shipped as files
next to the pages (``style.css``, ``sort.js``: relative links, so the report opens from disk
and fetches nothing from anywhere else; no web fonts), and the page skeleton."""
from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

CSS = """
:root{--fg:#1d2330;--muted:#5c6475;--line:#e3e6ec;--bg:#fff;--kept:#ffffff;--rm:#fdecec;--rmfg:#8a1c1c;--accent:#2f5d9e}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#24324a;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:baseline;flex-wrap:wrap}
header a{color:#cfe0ff;text-decoration:none}header a:hover{text-decoration:underline}header .brand{font-weight:700;font-size:16px;color:#fff}
main{padding:16px 24px;max-width:1280px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}.muted{color:var(--muted)}.note{color:var(--muted);font-size:12.5px;max-width:900px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:130px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:16px 28px}
figure{margin:0}figcaption{font-weight:600;margin:6px 0}.chart-svg{width:100%;height:auto;max-width:640px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f7fa;position:sticky;top:0}th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" \\2195";color:#aab}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}details{margin:6px 0}code{font-size:12px}
table.lines{width:100%;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
table.lines td.no{color:var(--muted);text-align:right;width:4em}table.lines td.v{width:19em;white-space:nowrap}
table.lines td.t{white-space:pre-wrap;word-break:break-word}
tr.removed{background:var(--rm)}tr.removed td.t{color:var(--rmfg);text-decoration:line-through;text-decoration-color:#d9a0a0}
.reason{display:inline-block;background:#c44e52;color:#fff;border-radius:3px;padding:0 5px;font-size:11.5px}.kept-badge{color:#2b7a3d;font-size:11.5px}
.pager a,.pager span{margin-right:8px}.meta td:first-child{color:var(--muted);white-space:nowrap}
"""

SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function(t){
  t.querySelectorAll("th").forEach(function(th,i){
    th.classList.add("sortable");
    th.addEventListener("click",function(){
      var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),asc=th.dataset.dir!=="asc";
      t.querySelectorAll("th").forEach(function(x){delete x.dataset.dir});th.dataset.dir=asc?"asc":"desc";
      var num=th.classList.contains("n");
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.v!==undefined?a.cells[i].dataset.v:a.cells[i].textContent,
            y=b.cells[i].dataset.v!==undefined?b.cells[i].dataset.v:b.cells[i].textContent;
        if(num){x=parseFloat(x.replace(/,/g,""))||0;y=parseFloat(y.replace(/,/g,""))||0;return asc?x-y:y-x}
        return asc?x.localeCompare(y):y.localeCompare(x)});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
"""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def num(n: float) -> str:
    return f"{n:,.3f}" if isinstance(n, float) and not float(n).is_integer() else f"{int(n):,}"


def page(title: str, body: str, root: str = "", script: bool = False) -> str:
    """A complete page; ``root`` is the relative path back to the report's top folder."""
    nav = (f'<header><a class="brand" href="{root}index.html">cleanseeds report</a>'
           f'<a href="{root}index.html#dataset">Dataset</a><a href="{root}index.html#removed">Removed lines</a>'
           f'<a href="{root}index.html#quarantine">Quarantine</a><a href="{root}index.html#entities">Entities</a>'
           f'<a href="{root}index.html#runs">Runs</a><a href="{root}documents-0001.html">Documents</a></header>')
    js = f'<script src="{root}sort.js"></script>' if script else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{esc(title)}</title><link rel="stylesheet" href="{root}style.css"></head>'
            f"<body>{nav}<main>{body}</main>{js}</body></html>\n")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Iterable[int] = (), cls: str = "sortable",
          data: str = "", raw: Iterable[int] = ()) -> str:
    """An HTML table. Cells are escaped except the columns in ``raw`` (already HTML);
    columns in ``numeric`` are right-aligned and sort as numbers."""
    numeric, raw = set(numeric), set(raw)
    head = "".join(f'<th class="n">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>" for i, h in enumerate(headers))
    attr = f' data-table="{esc(data)}"' if data else ""
    out = [f'<table class="{cls}"{attr}><thead><tr>{head}</tr></thead><tbody>']
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            text = v if i in raw else (num(v) if i in numeric and isinstance(v, (int, float)) else esc(v))
            cells.append(f'<td class="n" data-v="{esc(v)}">{text}</td>' if i in numeric else f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def figure(key: str, caption: str, svg: str, note: str = "") -> str:
    n = f'<div class="note">{note}</div>' if note else ""
    return f'<figure class="chart" data-chart="{esc(key)}"><figcaption>{esc(caption)}</figcaption>{svg}{n}</figure>'


def pager(prefix: str, current: int, total: int) -> str:
    if total <= 1:
        return ""
    links = []
    for i in range(1, total + 1):
        if i == current:
            links.append(f"<span><b>{i}</b></span>")
        elif i <= 3 or i > total - 3 or abs(i - current) <= 2:
            links.append(f'<a href="{prefix}-{i:04d}.html">{i}</a>')
        elif links and links[-1] != "<span>…</span>":
            links.append("<span>…</span>")
    return '<div class="pager">Pages: ' + "".join(links) + "</div>"
