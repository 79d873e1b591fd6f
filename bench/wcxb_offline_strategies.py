"""(Analysis helper, not part of make bench.) Estimate 'trafilatura output X + our cleaner' per type from cached outputs (no extraction)."""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_wcxb as q

from cleanseeds import clean
from cleanseeds.clean import load_rules
from cleanseeds.config import Settings
from cleanseeds.records import Document, content_hash, make_doc_id

pages = q.read_pages(q.DEFAULT_WCXB)
cache = {}
with gzip.open(q.CACHE_DIR / "wcxb_trafilatura_2.3.1.jsonl.gz", "rt") as fh:
    for line in fh:
        o = json.loads(line)
        cache[o["id"]] = o
extra = {}
for f in sys.argv[1:]:
    with gzip.open(f, "rt") as fh:
        for line in fh:
            o = json.loads(line)
            extra.setdefault(Path(f).stem, {})[o["id"]] = o
settings = Settings(entities=False)
rules = load_rules(settings)


def cleaned(texts):
    docs = []
    for p in pages:
        t = texts.get(p["id"], "")
        src = f"wcxb/{p['id']}.html"
        h = content_hash(p["html"])
        d = Document(doc_id=make_doc_id(src, h), source=src, input_path=src, input_format="html", content_hash=h, raw_is_html=True, url=p["url"])
        d.source_text, d.mode, d.site, d.title = t, "html", p["domain"], p.get("title")
        docs.append(d)
    res = clean.clean_batch([d for d in docs if d.source_text.strip()], rules, clean.SiteTemplates(), settings)
    kept = {d.doc_id: d.text for d in res.docs}
    return {p["id"]: kept.get(d.doc_id, "") for p, d in zip(pages, docs, strict=True)}


systems = {}
systems["traf_default"] = {i: o["default"] for i, o in cache.items()}
systems["traf_precision"] = {i: o["precision"] for i, o in cache.items()}
systems["default+clean"] = cleaned(systems["traf_default"])
systems["precision+clean"] = cleaned(systems["traf_precision"])
scores = {s: {p["id"]: q.score_page(t.get(p["id"], ""), p) for p in pages} for s, t in systems.items()}
names = list(systems)
for h in ("tune", "held", None):
    sel = [p for p in pages if h is None or q.half(p["domain"]) == h]
    print("\n".join(q.table(f"half={h}", sel, scores, names)))
