"""The site-template state stays bounded however many one-page sites a crawl holds, and
forgets one-page sites before sites that can already have template lines."""
from __future__ import annotations

import pickle

from cleanseeds.clean import templates as T


def _obs(site: str, doc: str, lines: list[str]) -> T.DocObservation:
    return T.DocObservation(site, doc, frozenset(lines))


def test_state_is_bounded_and_multi_document_sites_survive(tmp_path) -> None:
    t = T.SiteTemplates()
    t.update([_obs("news.example", f"d{k}", ["banner", f"story {k}"]) for k in range(4)])
    one_page = [_obs(f"site{i}.example", f"p{i}", [f"line {i}-{j}" for j in range(50)]) for i in range(T.MAX_TOTAL_LINES // 25)]
    t.update(one_page)
    total = sum(len(s.counts) for s in t.sites.values())
    assert total <= T.MAX_TOTAL_LINES
    assert t._total == total
    assert t.template_lines("news.example", 3, 0.5) == {"banner"}
    t.save(tmp_path)
    again = T.SiteTemplates.load(tmp_path)
    assert again._total == total and again.template_lines("news.example", 3, 0.5) == {"banner"}
    assert pickle.loads(pickle.dumps(t))._total == total
