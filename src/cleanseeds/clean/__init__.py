"""Clean stage: remove junk lines, each with a reason code and the rule that fired.

Public surface (the pipeline relies on these signatures):

* ``load_rules(settings) -> RuleSet``  (``RuleSet.version`` is a stable hash of the rules)
* ``SiteTemplates.load(state_dir) / .save(state_dir) / .update(observations)``
* ``clean_batch(docs, rules, templates, settings) -> (StageResult, observations)``
"""
from __future__ import annotations

from cleanseeds.clean.engine import RuleSet, SiteTemplates, clean_batch, load_rules

__all__ = ["RuleSet", "SiteTemplates", "clean_batch", "load_rules"]
