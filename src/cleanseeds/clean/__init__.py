"""Clean stage: remove junk lines, each with a reason code and the rule that fired.

Public surface (the pipeline relies on these signatures):

* ``load_rules(settings) -> RuleSet``  (``RuleSet.version`` is a stable hash of the rules
  data and the engine's logic version)
* ``SiteTemplates.load(state_dir) / .save(state_dir) / .update(observations)``
* ``clean_batch(docs, rules, templates, settings) -> StageResult`` (its ``observations``: site-template evidence)
* ``decide(source_text, mode, rules, title, template_keys) -> list[LineDecision]`` — the
  per-document verdicts (used by ``cleanseeds explain`` and the benchmark)
"""
from __future__ import annotations

from cleanseeds.clean.engine import LineDecision, clean_batch, decide, load_rules, split_lines
from cleanseeds.clean.rules import Rule, RuleSet
from cleanseeds.clean.templates import SiteTemplates

__all__ = ["LineDecision", "Rule", "RuleSet", "SiteTemplates", "clean_batch", "decide", "load_rules", "split_lines"]
