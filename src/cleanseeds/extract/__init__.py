"""Extract stage: find inputs, read them into :class:`~cleanseeds.records.Document` records,
and turn raw HTML/text into the text the cleaner sees plus metadata.

Public functions (the pipeline relies on these signatures):

* ``discover(sources, settings) -> (list[InputRef], list[Rejected])``
* ``read_batch(refs, settings) -> StageResult``   raw content, ``doc_id``, ``source``
* ``extract_batch(docs, settings) -> StageResult`` ``source_text``, ``mode``, metadata
* ``start_helper(docs, settings)``: start the HTML extraction helper early (see pipeline)
* ``jsonl_parts(ref, per_part)``: a big JSONL file as parts the planner batches apart
"""
from __future__ import annotations

from cleanseeds.extract.core import discover, extract_batch, read_batch, start_helper
from cleanseeds.extract.split import jsonl_parts

__all__ = ["discover", "read_batch", "extract_batch", "start_helper", "jsonl_parts"]
