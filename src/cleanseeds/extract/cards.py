"""The cards of a listing or collection page: the largest run of repeated sibling blocks.

``card_text(tree) -> str``: a listing (search results, job or event lists, directories) or a
collection (a shop category) is made of many blocks of the same shape under one parent —
``<li class="product-card">`` x 24, ``<article class="result">`` x 10. trafilatura looks for
one main block of prose and often returns a single card, a promo banner or the category
blurb instead. Here the parent whose children of one shape (same tag, same first class
token) carry the most words wins; its cards' text is returned, one text run a line, in page
order, for the line cleaner to judge like any extractor output — except a paragraph, item, cell or
quote of prose with markup inside ("You can use <a>X</a> to move ..."), which is one line as the page
shows it (:func:`_flush`).

Joining prose (stop 29; WCXB, ``bench/quality_wcxb.py``, page by page against main on the kinds the
card pass serves): `with` snippets found on the tune half forum 0.786 -> 0.802, collection 0.449 ->
0.470 (a sentence cut at a link or a ``<kbd>`` no longer splits a snippet), word F1 within 0.0001 of
main's on every kind and half (tune -0.016, held-out -0.030 page-F1 units in sum; stackoverflow
0.931 -> 0.922: a joined line the cleaner no longer takes for a control). Joining every block's runs
lost more (listing tune -0.53: a card's "Quick view" and "View options" made one line, which no rule
knows; a location written word by word, "Tech" / "conference" / "in" / "Chicago", joined and then
removed as a repeated line). Stop 33: a text element whose runs are separated only by markup inside a
sentence (:data:`PROSE_MARKUP`: ``<kbd>``, ``<b>``, ``<code>`` ..., not ``<span>`` or ``<a>``) is one line
however short its runs ("Ctrl" / "+" / "E" / "(or" ... was a Q&A answer of nine lines, "Model #:" / "X12" a
shop's spec): 15 WCXB pages' text changes, word F1 +0.001 tune / +0.002 held-out in sum, `with` and
`without` unchanged (the benchmark counts words; the gain is text a reader can read). And a card's run of
punctuation alone is no line (:func:`_parts`): 1,026 lines of an invisible separator, 454 commas and 205 dollar
signs were lines of the card pass's text on WCXB; a run opening with a closing mark joins the part before it
("raise" ". You usually would ..." on a Q&A page, "$459" ".99" on a shop's). 40 pages' text changes, word F1
-0.022 tune / +0.002 held-out in sum (arxiv's joined subject line is now removed as a repeat, -0.018). A code
block in a card reads as the page shows it (:func:`_verbatim_lines`): a syntax highlighter's ``<span>`` per token
came out a token a line (a platform's feature cards with code samples): 4 pages' text, +0.005 tune / +0.012 held-out.

A group counts when it has at least :data:`MIN_CARDS` members with :data:`MIN_WORDS` words
between them, outside ``<nav>``, ``<header>``, ``<footer>``, forms and invisible markup
(menus are repeated sibling blocks too). One walk of the tree counts the words of every
element; only the winning group's text is materialised. A group rendered twice (a carousel's
cloned slides, a desktop and a mobile copy: repeated members holding :data:`COPY_SHARE` of its
words) gives each card once.

The extractor uses it on the kinds the page-type model calls listing or collection, when
trafilatura's text is less than half as long as the cards' (``extract/html.py``).

**Sections are not cards.** A card carries its own title inside it; the body of a section sits
right under its heading, which is the body's previous sibling (``<h2>Implementations</h2><div>
...</div><h2>Trait Implementations</h2><div>...</div>``: rustdoc, and any page whose sections are
written as a heading and a box). When more than half of the winning group's members sit right
under a heading (:data:`SECTIONED_SHARE`), the group is the sections of one document:
``Cards.sectioned`` is set and the extractor does not take it for trafilatura's text (taking it
would drop every heading and whatever stands before the first section, and read the sections'
code as separate text runs). On WCXB the winning group of the 108 pages whose cards were taken
is sectioned on one page (doc.rust-lang.org's ``Result``, tune half: 0.578 -> 0.787); on the
other 107 at most 17% of the members sit under a heading (infoq.com's 1 of 6).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cleanseeds.extract.blocks import BLOCK_TAGS

#: at least this many siblings of one shape make a group of cards
MIN_CARDS = 4
#: ... with at least this many words between them
MIN_WORDS = 30
#: more than this share of the group's members right under a heading: the sections of a document
SECTIONED_SHARE = 0.5
#: heading elements (a section's title, outside the section's box)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: a group whose repeated members (the same text as an earlier member) hold at least this share of
#: its words is one set of cards rendered twice (a carousel's cloned slides, a desktop and a
#: mobile copy): the copies are left out. Fewer repeats are the page's own (an event listed under
#: two dates) and stay.
COPY_SHARE = 0.4
#: not cards: page chrome, forms and markup that is not shown (a ``<dialog>`` is a modal: not shown
#: until a script opens it, a pop-up over the page when it is open)
SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "footer", "header", "head", "form", "select", "option", "button",
                  "dialog"})

#: a block's text runs make one line when they hold at least this many words together (a sentence with a
#: link in it); fewer stay one run a line (a card's parts)
JOIN_WORDS = 8
#: ... inside one of these text elements (a paragraph, an item, a cell, a quote, a heading: not a card's
#: ``<div>`` / ``<a>`` built of parts) ...
TEXT_BLOCKS = frozenset({"p", "li", "dd", "dt", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption"})
#: ... and one of the runs holds at least this many words (a sentence's run, not a card's parts)
JOIN_RUN_WORDS = 4
#: markup that marks words inside a sentence (a key, a term, an emphasis): a text element whose runs are separated by
#: these only is one line whatever its length ("press <kbd>Alt</kbd>+<kbd>D</kbd> (or <kbd>F6</kbd>) then
#: <kbd>Tab</kbd>": no run of four words, so it was seven lines). Not ``<span>``, ``<a>`` or ``<img>``: a
#: card's parts ("Quick view" / "View options", a price) are written with them.
PROSE_MARKUP = frozenset({"abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "strong", "sub",
                          "sup", "u", "var"})
#: punctuation that closes what stands before it: no space before it when runs are joined
_CLOSING = frozenset(",.;:!?)]}%")
#: ... and what opens what follows it: a currency sign, an opening bracket or quote (:func:`_parts`)
_OPENING = frozenset("$€£¥₹₩₪([{\"“‘«¿¡#@")
#: a run with a letter or a digit: a part of a card, not punctuation alone
_WORDY = re.compile(r"[^\W_]")
#: markup whose text keeps its own line breaks (code, preformatted text)
VERBATIM = frozenset({"pre", "code", "textarea"})
#: class tokens of the list of comments under a post (Stack Exchange's ``div.comments`` / ``ul.comments-list``):
#: inside a card, the post's comments are not its text (:func:`_is_comment_list`)
COMMENT_LISTS = frozenset({"comments", "comments-list", "comment-list", "commentlist", "comments-container"})


def _is_comment_list(el: Any) -> bool:
    """Whether ``el`` is the list of comments under a card's post (a class token in :data:`COMMENT_LISTS`). A Q&A
    answer's card holds the answer and, below it, readers' one-line comments ("user398328" / "Aug 10, 2016 at 20:28"
    / "Perfect. Now I am wondering why ..."): WCXB's truths leave them out (tune half: 570 words in 7 such lists on 2
    Stack Exchange pages, none in the truth). A thread's replies are the cards themselves, or nested under a reply
    as ``ul.children`` (WordPress), not a comments list: they stay."""
    cls = el.get("class")
    return bool(cls) and not COMMENT_LISTS.isdisjoint(cls.lower().split())


def _comment_chars(el: Any) -> int:
    """Characters of the comment lists inside ``el`` (:func:`_is_comment_list`, outermost ones), spaces folded."""
    n = 0
    for ch in el:
        if isinstance(ch.tag, str) and ch.tag not in SKIP:
            n += len(_one_line(" ".join(ch.itertext()))) if _is_comment_list(ch) else _comment_chars(ch)
    return n


def _runs(el: Any, out: list[str], verbatim: bool = False) -> None:
    """The text runs of ``el`` (its text, its children's, their tails), skipping :data:`SKIP`. A run's
    source line breaks are spaces (a browser shows them so), except inside :data:`VERBATIM` markup."""
    verbatim = verbatim or el.tag in VERBATIM
    fold = str.strip if verbatim else _one_line
    if el.text and el.text.strip():
        out.append(fold(el.text))
    for ch in el:
        if isinstance(ch.tag, str) and ch.tag not in SKIP:
            _runs(ch, out, verbatim)
        if ch.tail and ch.tail.strip():
            out.append(fold(ch.tail))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _member_runs(el: Any) -> list[str]:
    out: list[str] = []
    _runs(el, out)
    return out


def member_lines(el: Any) -> list[str]:
    """``el``'s text one block a line, as a browser lays it out: the runs between two block boundaries
    (:data:`cleanseeds.extract.blocks.BLOCK_TAGS`: ``<p>``, ``<div>``, ``<li>``, ``<br>`` ...) of a text
    element joined when they are prose with markup inside (:func:`_flush`), so a sentence with a link or a
    ``<kbd>`` in it stays one line; :data:`VERBATIM` markup keeps its own runs."""
    out: list[str] = []
    buf: list[str] = []
    _lines(el, out, buf, ["", True])
    _flush(buf, out, "")
    return out


def _lines(el: Any, out: list[str], buf: list[str], block: list[Any]) -> None:
    """Walk ``el`` filling ``buf`` with the runs of the current block, whose tag is ``block[0]``; ``block[1]``: whether
    every element inside the block so far is :data:`PROSE_MARKUP`."""
    if el.tag in VERBATIM and ("\n" in (el.text or "") or el.tag != "code"):  # (inline code of a sentence is a word of it)
        _flush(buf, out, block[0], block[1])
        out.extend(_verbatim_lines(el))
        return
    outer = block[:]
    starts = el.tag in BLOCK_TAGS
    if starts:
        _flush(buf, out, outer[0], outer[1])
        block[:] = [el.tag, True]
    elif el.tag not in PROSE_MARKUP:
        block[1] = False
    if el.text:
        buf.append(el.text)
    for ch in el:
        if isinstance(ch.tag, str) and ch.tag not in SKIP and not _is_comment_list(ch):
            _lines(ch, out, buf, block)
        if ch.tail:
            buf.append(ch.tail)
    if starts:
        _flush(buf, out, el.tag, block[1])
        block[:] = outer


def _verbatim_lines(el: Any) -> list[str]:
    """A code block's lines as the page shows them: its whole text (its own line breaks, the highlighter's ``<span>``
    runs joined as they touch), one line a line, blank lines and trailing blanks left out, indentation kept. Read
    run by run, a highlighted block came out a token a line ("const" / "{" / "description" / "}" / "=" ...)."""
    parts: list[str] = []
    _text(el, parts)
    return [line.rstrip() for line in "".join(parts).split("\n") if line.strip()]


def _text(el: Any, out: list[str]) -> None:
    """``el``'s text as it stands in the source, into ``out``: a ``<br>`` a line break, :data:`SKIP` markup left out."""
    if el.text:
        out.append(el.text)
    for ch in el:
        if ch.tag == "br":
            out.append("\n")
        elif isinstance(ch.tag, str) and ch.tag not in SKIP:
            _text(ch, out)
        if ch.tail:
            out.append(ch.tail)


def _flush(buf: list[str], out: list[str], tag: str, prose: bool = False) -> None:
    """The buffered runs of one block (of element ``tag``) as one line when they are prose with markup
    inside: a text element (:data:`TEXT_BLOCKS`) whose runs hold :data:`JOIN_WORDS` words or more, one of
    :data:`JOIN_RUN_WORDS` or more ("You can use <a>X</a> to move the focus to the file pane"), or whose runs are
    separated by :data:`PROSE_MARKUP` only (``prose``); else each run a line, as the line cleaner knows a card's
    parts ("Quick view" / "View options")."""
    runs = [r for r in (" ".join(x.split()) for x in buf) if r]
    buf.clear()
    if tag in TEXT_BLOCKS and ((prose and len(runs) > 1) or (sum(len(r.split()) for r in runs) >= JOIN_WORDS
                                                            and any(len(r.split()) >= JOIN_RUN_WORDS for r in runs))):
        out.append(_joined(runs))
    else:
        out.extend(_parts(runs))


def _parts(runs: list[str]) -> list[str]:
    """A card's runs as its lines, without lines of punctuation alone: a separator between two parts (``|``, ``•``,
    ``–``, an invisible U+2063) is not a line of the card; a comma, or a run opening with a closing mark, goes with
    the part before it ("Mixtures" "," "slides" -> "Mixtures," "slides"; "$459" ".99" -> "$459.99"); a currency sign
    or an opening mark goes with the part after it ("$" "19.99" -> "$19.99"). WCXB: 1,026 lines of an invisible
    separator alone, 454 commas and 205 dollar signs were lines of the card pass's text."""
    out: list[str] = []
    lead = ""
    for r in runs:
        if r[0] in _CLOSING and out and not lead:  # (",", and the cents of "$" "459" ".99")
            out[-1] += r
        elif _WORDY.search(r):
            out.append(lead + r)
            lead = ""
        elif r[-1] in _OPENING:
            lead += r
    return out  # (an opening mark with nothing after it is no part)


def _joined(runs: list[str]) -> str:
    """``runs`` as one line: a space between two runs, none before one opening with closing punctuation
    ("<a>Chicago</a>, Illinois"). Runs that touch in the source are two words here too (``<b>W</b>ord``
    stays two tokens, as two lines gave)."""
    out = runs[0]
    for r in runs[1:]:
        out += r if r[0] in _CLOSING else f" {r}"
    return out


def _copies(keys: list[str]) -> list[bool]:
    """For each member's text (spaces folded), whether an earlier member has the same text."""
    seen: set[str] = set()
    out = []
    for key in keys:
        out.append(key in seen)
        seen.add(key)
    return out


def count_words(el: Any, memo: dict[Any, int], skip: frozenset[str] = SKIP) -> int:
    """Words of ``el``'s text outside ``skip`` markup (by default its visible text, not :data:`SKIP`), every
    element's count memoised."""
    n = len(el.text.split()) if el.text else 0
    for ch in el:
        if isinstance(ch.tag, str) and ch.tag not in skip:
            n += count_words(ch, memo, skip)
        if ch.tail:
            n += len(ch.tail.split())
    memo[el] = n
    return n


@dataclass(slots=True)
class Cards:
    text: str  # the cards' text runs, one a line ("" when the page has no group of cards)
    link_share: float  # share of the cards' words inside links (1.0: every word is in a link)
    words_per_link: float = 0.0  # mean words a link (a menu or an archive list: one or two)
    members: tuple[str, ...] = ()  # each card's text with words, spaces folded, lower-cased (copies left out)
    sectioned: bool = False  # the members are section bodies, each under its heading (see SECTIONED_SHARE)
    runs: tuple[tuple[str, ...], ...] = ()  # each card's text runs (copies left out; read by extract/grid.py)
    opening: str = ""  # the thread's opening post when it sits outside the cards (see :func:`opening_posts`), one run a line
    comments: int = 0  # characters of the posts' comment lists, left out of ``text`` (:func:`_is_comment_list`)
    bodies: tuple[tuple[str, ...], ...] = ()  # with ``opening``: each card's post body, one block a line (:func:`post_bodies`)


def _under_heading(el: Any) -> bool:
    """Whether ``el``'s previous element sibling (comments skipped) is a heading."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return prev is not None and prev.tag in HEADINGS


def is_sectioned(members: list[Any]) -> bool:
    """Whether more than :data:`SECTIONED_SHARE` of ``members`` sit right under a heading."""
    return sum(1 for m in members if _under_heading(m)) > SECTIONED_SHARE * len(members)


#: a post's body is the deepest element with a class holding at least this share of its card's words ...
BODY_SHARE = 0.5
#: ... and the cards' body is the one at least this share of the cards have (an answer's comment list can outweigh
#: a short answer's body, so not all do)
BODY_COMMON = 0.4


def _body(member: Any, memo: dict[Any, int]) -> tuple[str, str] | None:
    """(tag, class) of the deepest element with a class holding :data:`BODY_SHARE` of ``member``'s words."""
    need, found = BODY_SHARE * memo.get(member, 0), None
    for el in member.iterdescendants():
        if isinstance(el.tag, str) and el.get("class") and memo.get(el, 0) >= need > 0:
            found = (el.tag, el.get("class"))
    return found


def body_signature(members: list[Any], memo: dict[Any, int]) -> tuple[str, str] | None:
    """The (tag, class) of the cards' post body: the deepest element holding :data:`BODY_SHARE` of a card's words
    (:func:`_body`), when :data:`BODY_COMMON` of the cards share it; else ``None``."""
    sig, n = Counter(_body(m, memo) for m in members).most_common(1)[0]
    return None if sig is None or n < BODY_COMMON * len(members) else sig


def _inside_body(el: Any, member: Any, sig: tuple[str, str]) -> bool:
    """Whether ``el`` sits inside another element of the body signature ``sig`` within ``member`` (a quoted post)."""
    for a in el.iterancestors():
        if a is member:
            return False
        if a.tag == sig[0] and a.get("class") == sig[1]:
            return True
    return False


def post_bodies(members: list[Any], memo: dict[Any, int]) -> tuple[tuple[str, ...], ...]:
    """Each member's post body (the elements of the cards' common body signature inside it, see :func:`opening_posts`),
    one block a line; ``()`` for all when the cards share no body element."""
    sig = body_signature(members, memo)
    if sig is None:
        return ()
    out = []
    for m in members:
        lines: list[str] = []
        for el in m.iter(sig[0]):
            if el.get("class") == sig[1] and not _inside_body(el, m, sig):
                lines += member_lines(el)
        out.append(tuple(lines))
    return tuple(out)


def opening_posts(body: Any, members: list[Any], memo: dict[Any, int]) -> str:
    """On a thread, the text of the posts before the cards written with the cards' own body element: a question
    above its answers (Stack Exchange's ``div.question`` and ``div.answer`` both hold a ``div.s-prose``), whose box is
    not of the answers' shape, so the group left it out. The body is the (tag, class) of the deepest element holding
    half a card's words, shared by :data:`BODY_COMMON` of the cards. A summary box or a list of members above the
    posts has no such body (physicsforums' AI summary, warriorforum's thanks list). WCXB tune half, forum pages whose
    cards were taken: the question of 3 Stack Exchange pages on 2 domains, no other page has such a post."""
    sig = body_signature(members, memo)
    if sig is None:
        return ""
    first, lines = members[0], []
    for el in body.iter():  # (document order: the posts before the first card)
        if el is first:
            break
        if el.tag == sig[0] and el.get("class") == sig[1] and not any(a is el for a in first.iterancestors()):
            lines += member_lines(el)
    return "\n".join(lines)


def card_text(tree: Any, opening: bool = False) -> Cards:
    """The page's largest group of same-shaped sibling blocks (and, with ``opening``, the thread's opening posts
    outside it: :func:`opening_posts`)."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    memo: dict[Any, int] = {}
    count_words(body, memo)
    best: list[Any] = []
    best_words = MIN_WORDS - 1
    stack = [body]
    while stack:
        el = stack.pop()
        groups: dict[tuple[str, str], list[Any]] = {}
        for ch in el:
            if isinstance(ch.tag, str) and ch.tag not in SKIP:
                groups.setdefault((ch.tag, (ch.get("class") or "").split(" ")[0]), []).append(ch)
                stack.append(ch)
        for members in groups.values():
            if len(members) >= MIN_CARDS:
                words = sum(memo.get(m, 0) for m in members)
                if words > best_words:
                    best, best_words = members, words
    if not best:
        return Cards("", 0.0)
    runs = [_member_runs(m) for m in best]
    keys = [" ".join(" ".join(r).split()) for r in runs]  # each member's text, spaces folded
    copy = _copies(keys)
    copy_words = sum(memo.get(m, 0) for m, c in zip(best, copy, strict=True) if c)
    if copy_words < COPY_SHARE * best_words:  # a few repeated cards (an event listed twice) are the page's
        copy, copy_words = [False] * len(best), 0
    lines = [line for m, c in zip(best, copy, strict=True) if not c for line in member_lines(m)]
    links = [len(" ".join(a.itertext()).split()) for m, c in zip(best, copy, strict=True) if not c for a in m.iter("a")]
    words = max(1, best_words - copy_words)
    texts = tuple(k.lower() for m, k, c in zip(best, keys, copy, strict=True) if not c and memo.get(m))
    kept = tuple(tuple(r) for m, r, c in zip(best, runs, copy, strict=True) if not c and memo.get(m))
    return Cards("\n".join(lines), min(1.0, sum(links) / words), sum(links) / len(links) if links else 0.0, texts,
                 is_sectioned(best), kept, opening_posts(body, best, memo) if opening else "",
                 sum(_comment_chars(m) for m, c in zip(best, copy, strict=True) if not c),
                 post_bodies([m for m, c in zip(best, copy, strict=True) if not c], memo) if opening else ())
