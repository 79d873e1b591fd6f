"""Every reason code cleanseeds can record, in one place.

Two families, both with stable lowercase string values that end up in Parquet:

* :class:`LineReason` — why a line was removed from a document (``removed_lines.reason``).
* :class:`QuarantineReason` — why a whole input or document was set aside
  (``quarantine.reason``).

Codes are part of the output contract: never rename one, only add.
"""
from __future__ import annotations

from enum import StrEnum

from cleanseeds.records import STAGES as STAGES


class LineReason(StrEnum):
    ADVERTISEMENT = "advertisement"  # ad slots: "300x250 Ad", "Advertisement", "Anzeige"
    COPYRIGHT = "copyright"  # "© 2024 X. All rights reserved.", "Copyright 2022 NPR ..."
    DONATION = "donation"  # donate / support / membership appeals
    NEWSLETTER = "newsletter"  # newsletter and e-mail sign-up prompts
    SOCIAL = "social"  # share / follow prompts
    COOKIE = "cookie"  # consent and privacy notices
    NAVIGATION = "navigation"  # menus, breadcrumbs, "Read more", "Related", "Skip to content"
    PAYWALL = "paywall"  # "Subscribe to continue reading", "already a subscriber? log in"
    CAPTION_CREDIT = "caption_credit"  # "Photo: ... / Getty Images"
    COMMENT_PROMPT = "comment_prompt"  # "Leave a comment", "Join the conversation"
    OTHER_BOILERPLATE = "other_boilerplate"  # junk with no more specific code
    SITE_TEMPLATE = "site_template"  # line repeated across many documents of one site
    # HTML extraction (removed_lines.stage = "extract"): visible blocks the extractor left out,
    # named by the page region they sit in (extract/blocks.py); the codes above apply too
    # (navigation, cookie, social, advertisement) when the region says so
    OUTSIDE_MAIN = "outside_main"  # a visible block outside the main content, no more specific region
    COMMENTS = "comments"  # readers' comments and replies under the content
    PAGE_HEADER = "page_header"  # the page's header / masthead
    PAGE_FOOTER = "page_footer"  # the page's footer
    SIDEBAR = "sidebar"  # sidebars, widgets, related-content boxes


class QuarantineReason(StrEnum):
    # discovery / reading
    NOT_FOUND = "not_found"  # a SOURCE argument that matches nothing
    UNREADABLE_FILE = "unreadable_file"  # permission denied, I/O error
    SYMLINK_LOOP = "symlink_loop"  # a symlink that resolves to itself
    OUTSIDE_SOURCE_TREE = "outside_source_tree"  # a symlink leading outside the given sources (not followed)
    UNSUPPORTED_FORMAT = "unsupported_format"  # extension/content we do not read
    EMPTY_FILE = "empty_file"  # zero bytes or whitespace only
    BINARY_CONTENT = "binary_content"  # not text (NUL bytes, control characters)
    DECODE_ERROR = "decode_error"  # bytes that no encoding decodes credibly
    TOO_LARGE = "too_large"  # over the per-document byte cap
    FILE_TOO_LARGE = "file_too_large"  # input file over the per-file byte cap (max_file_bytes)
    DECOMPRESSED_TOO_LARGE = "decompressed_too_large"  # decompression bomb
    TRUNCATED_ARCHIVE = "truncated_archive"  # truncated gzip / WARC
    MALFORMED_JSON = "malformed_json"  # a JSON/JSONL line that does not parse
    MALFORMED_RECORD = "malformed_record"  # parses, but has no usable text/html field
    MALFORMED_ARCHIVE = "malformed_archive"  # WARC that is not WARC
    HTTP_STATUS = "http_status"  # WARC response that is a redirect or an error page (non-2xx)
    # extraction
    MARKUP_TOO_DEEP = "markup_too_deep"  # nesting deeper than the cap
    EXTRACTION_TIMEOUT = "extraction_timeout"  # extractor ran past the per-document cap
    EXTRACTION_FAILED = "extraction_failed"  # the extractor raised
    NO_TEXT_EXTRACTED = "no_text_extracted"  # extractor found no main text
    # cleaning
    EMPTY_AFTER_CLEANING = "empty_after_cleaning"  # every line was junk
    # validation
    SCHEMA_VIOLATION = "schema_violation"  # a pandera check failed (detail names it)
    DUPLICATE_IN_RUN = "duplicate_in_run"  # same doc_id twice in one run
    INTERNAL_ERROR = "internal_error"  # a bug: a stage raised on this document


LINE_REASONS: frozenset[str] = frozenset(r.value for r in LineReason)
#: reasons only the extractor's ledger gives (page regions, extract/blocks.py): no cleaning rule has them
EXTRACTION_ONLY_REASONS: frozenset[LineReason] = frozenset(
    {LineReason.OUTSIDE_MAIN, LineReason.COMMENTS, LineReason.PAGE_HEADER, LineReason.PAGE_FOOTER, LineReason.SIDEBAR}
)
QUARANTINE_REASONS: frozenset[str] = frozenset(r.value for r in QuarantineReason)
