"""Main text of an HTML page: the article, without menus, scripts, share buttons or comments.

The page is read by a small tokenizer here rather than ``html.parser``:
on the Python 3.11 the project runs, ``html.parser`` takes 30 s on 60 KB of
repeated ``<a `` and raises ``AssertionError`` on ``<![``, and pages come
from anyone. This tokenizer never looks back: every scan starts where the
previous one stopped, so time is linear in the size of the page. Entities
are decoded by the standard library's ``html.unescape``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from tawthiq.intake.dates import json_ld_dates
from tawthiq.intake.language import declared_charset, decode_text

__all__ = ["HtmlContent", "extract_html"]

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Elements whose content is text up to their end tag, not markup.
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript plaintext".split())
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\s/>]", re.IGNORECASE | re.ASCII) for name in _RAW_TEXT}
_DROPPED = frozenset(
    "script style noscript nav aside form iframe svg math template button select textarea".split()
)
# Page-level header and footer are site furniture; inside an article they
# hold its headline, byline and date, which are kept.
_FURNITURE = frozenset({"header", "footer"})
_MAIN = frozenset({"article", "main"})
_HEAD_ELEMENTS = frozenset("base link meta noscript script style template title".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BLOCKS = _HEADINGS | frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form header hgroup hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul".split()
)
# class/id words of comment threads, share bars and widgets; an element
# that also carries a content word ("entry-content share-on") is kept.
_UNLIKELY = frozenset(
    "comment comments respond related share sharing social sidebar widget breadcrumb breadcrumbs "
    "newsletter subscribe cookie cookies advert advertisement ads promo menu navbar popup modal".split()
)
_CONTENT_WORDS = frozenset("content article entry post main body story text".split())
_NEVER_UNLIKELY = frozenset({"html", "body"}) | _MAIN
_CLASS_WORD = re.compile(r"[a-z]+")
_BOILERPLATE = frozenset(
    [
        "related posts", "related articles", "related", "read more", "read also", "see also",
        "you may also like", "leave a reply", "leave a comment", "comments", "share", "share this",
        "share this article", "share this post", "tweet", "post navigation", "tags", "subscribe",
        "advertisement", "مقالات ذات صلة", "مواضيع ذات صلة", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا",
        "اترك تعليقا", "اترك تعليقاً", "أضف تعليق", "التعليقات", "شارك", "شارك المقال", "إعلان",
    ]
)
_PUNCTUATION = ":.…!|»«›‹-–—·"
_DATE_META = frozenset(
    "article:published_time og:published_time datepublished date pubdate publishdate publish-date "
    "publication_date dc.date dc.date.issued dcterms.date dcterms.issued dcterms.created "
    "sailthru.date parsely-pub-date".split()
)
_TITLE_META = ("og:title", "twitter:title")
_LINK_LIST_MAX_WORDS = 80

_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\s/>]{0,99})")
# The end of a tag is the first ">" that is not inside a quoted attribute value.
_TAG_STOP = re.compile(r""">|=[ \t\n\r\f]*(["'])""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?""")
# A number this long in "&#...;" overflows int()'s digit limit inside html.unescape.
_LONG_CHARREF = re.compile(r"&#(?:[xX][0-9a-fA-F]{10,}|[0-9]{10,});?")


@dataclass
class HtmlContent:
    """What :func:`extract_html` found: paragraphs of main text, title, date metadata, warnings."""

    paragraphs: list[str]
    title: str | None
    date_meta: list[str]
    warnings: list[str]


@dataclass
class _Block:
    text: str
    link_chars: int
    chars: int
    in_main: bool
    heading: bool


@dataclass
class _Extractor:
    """Receives tokens in document order and keeps the text that is content."""

    stack: list[tuple[str, bool, bool]] = field(default_factory=list)  # (name, drops, is_main)
    open_counts: dict[str, int] = field(default_factory=dict)
    dropping: int = 0
    in_main: int = 0
    in_link: int = 0
    in_heading: int = 0
    in_h1: int = 0
    blocks: list[_Block] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    block_main: bool = False
    block_heading: bool = False
    h1_pieces: list[str] = field(default_factory=list)
    h1: str | None = None
    title: str | None = None
    meta_title: str | None = None
    meta_dates: list[str] = field(default_factory=list)
    ld_dates: list[str] = field(default_factory=list)
    time_dates: list[tuple[bool, str]] = field(default_factory=list)
    closed_document: bool = False

    def start(self, name: str, attrs: dict[str, str], self_closing: bool) -> None:
        if self.open_counts.get("head") and name not in _HEAD_ELEMENTS:
            self.end("head")  # the body began without a </head>, which HTML allows
        if name == "meta":
            self._meta(attrs)
        if name in _BLOCKS or name in ("br", "hr"):
            self.flush()
        if name in _VOID or (self_closing and name not in _RAW_TEXT):
            return
        drops = self._drops(name, attrs)
        is_main = name in _MAIN or attrs.get("role") == "main"
        self.stack.append((name, drops, is_main))
        self.open_counts[name] = self.open_counts.get(name, 0) + 1
        self._count(name, drops, is_main, +1)
        if name == "time" and not self.dropping and attrs.get("datetime"):
            self.time_dates.append((self.in_main > 0, attrs["datetime"]))

    def end(self, name: str) -> None:
        if name in _BLOCKS or name == "br":
            self.flush()
        if name in ("body", "html"):
            self.closed_document = True
        if not self.open_counts.get(name):
            return  # a stray end tag closes nothing, as in browsers
        while self.stack:
            top, drops, is_main = self.stack.pop()
            self.open_counts[top] -= 1
            self._count(top, drops, is_main, -1)
            if top == name:
                break

    def text(self, raw: str) -> None:
        if self.dropping or self.open_counts.get("head"):
            return
        value = _unescape(raw)
        self.pieces.append(value)
        self.block_main = self.block_main or self.in_main > 0
        self.block_heading = self.block_heading or self.in_heading > 0
        if self.in_link:
            self.link_chars += len("".join(value.split()))
        if self.in_h1:
            self.h1_pieces.append(value)

    def raw_text(self, name: str, attrs: dict[str, str], raw: str) -> None:
        if name == "title" and self.title is None and not self.dropping:
            self.title = _squash(_unescape(raw)) or None
        elif name == "script" and attrs.get("type", "").strip().lower() == "application/ld+json":
            self.ld_dates.extend(json_ld_dates(raw))

    def flush(self) -> None:
        text = _squash("".join(self.pieces))
        if text:
            chars = len(text.replace(" ", ""))
            self.blocks.append(_Block(text, self.link_chars, chars, self.block_main, self.block_heading))
        self.pieces, self.link_chars = [], 0
        self.block_main = self.block_heading = False

    def _count(self, name: str, drops: bool, is_main: bool, step: int) -> None:
        self.dropping += step if drops else 0
        self.in_main += step if is_main else 0
        self.in_link += step if name == "a" else 0
        self.in_heading += step if name in _HEADINGS else 0
        if name == "h1":
            self.in_h1 += step
            if step < 0 and not self.in_h1 and self.h1 is None and not self.dropping:
                self.h1 = _squash("".join(self.h1_pieces)) or None
            self.h1_pieces = []

    def _drops(self, name: str, attrs: dict[str, str]) -> bool:
        if name in _DROPPED or (name in _FURNITURE and not self.in_main):
            return True
        if name in _NEVER_UNLIKELY or not attrs:
            return False
        words = set(_CLASS_WORD.findall(f"{attrs.get('class', '')} {attrs.get('id', '')}".lower()))
        return bool(words & _UNLIKELY) and not words & _CONTENT_WORDS

    def _meta(self, attrs: dict[str, str]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content", "").strip()
        if not content:
            return
        if key in _DATE_META:
            self.meta_dates.append(content)
        elif key in _TITLE_META and self.meta_title is None:
            self.meta_title = _squash(content) or None


def extract_html(data: bytes, charset: str | None = None) -> HtmlContent:
    """Extract the main text, title and publication-date metadata of an HTML page.

    Args:
        data: The page's bytes.
        charset: A charset the caller was told (HTTP header); otherwise the
            page's ``<meta charset>`` or ``http-equiv`` declaration, otherwise
            detection (UTF-8, then windows-1256 Arabic).

    Returns:
        An :class:`HtmlContent`. Paragraphs come from ``<article>``/``<main>``
        when the page has text there, else from the whole body; navigation,
        scripts, forms, page headers and footers, comment and share widgets,
        short link lists ("Related Posts") and headings that introduce
        nothing else are left out. ``title`` is ``<title>``, else
        ``og:title``, else the first ``<h1>``. ``date_meta`` lists
        publication metadata (meta tags, JSON-LD ``datePublished``,
        ``<time datetime>`` in the article, then elsewhere). Never raises on
        bad markup; a page cut off mid-tag gives an ``"html: truncated"``
        warning.
    """
    declared = charset or declared_charset(data)
    source, warnings = decode_text(data, declared, label="html")
    extractor = _Extractor()
    truncated = _walk(source, extractor)
    extractor.flush()
    if truncated or (extractor.open_counts.get("html") and not extractor.closed_document):
        warnings.append("html: truncated")
    in_main = [b for b in extractor.blocks if b.in_main]
    times = sorted(extractor.time_dates, key=lambda t: not t[0])  # stable: article first, then in order
    return HtmlContent(
        # An article element holding only teaser links (a listing page) is not the content.
        paragraphs=_content(in_main) or _content(extractor.blocks),
        title=extractor.title or extractor.meta_title or extractor.h1,
        date_meta=extractor.meta_dates + extractor.ld_dates + [value for _, value in times],
        warnings=warnings,
    )


def _walk(src: str, out: _Extractor) -> bool:
    """Feed ``src``'s tokens to ``out``; True if the page ends inside a tag, comment or script."""
    pos = text_from = 0
    unclosed_quotes: set[str] = set()
    while (lt := src.find("<", pos)) >= 0:
        tag = _TAG_OPEN.match(src, lt)
        if tag is None and not src.startswith(("<!", "<?", "</"), lt):
            pos = lt + 1  # a "<" opening nothing is text, and stays in the pending run
            continue
        if lt > text_from:
            out.text(src[text_from:lt])
        if tag is None:
            # Comment, doctype, CDATA, processing instruction or bogus end tag: no text.
            comment = src.startswith("<!--", lt)
            close = src.find("-->" if comment else ">", lt + 2)
            if close < 0:
                return True
            pos = text_from = close + (3 if comment else 1)
            continue
        close = _tag_end(src, tag.end(), unclosed_quotes)
        if close < 0:
            return True
        name, body = tag[2].lower(), src[tag.end() : close]
        pos = text_from = close + 1
        if tag[1]:
            out.end(name)
            continue
        attrs = _attributes(body) if body.strip() else {}
        out.start(name, attrs, body.rstrip().endswith("/"))
        if name in _RAW_TEXT:
            raw_end = _RAW_TEXT_END[name].search(src, pos)
            out.raw_text(name, attrs, src[pos : raw_end.start() if raw_end else len(src)])
            if raw_end is None:
                return True
            pos = text_from = raw_end.start()
    if text_from < len(src):
        out.text(src[text_from:])
    return False


def _tag_end(src: str, pos: int, unclosed_quotes: set[str]) -> int:
    """Index of the ">" ending the tag whose attributes start at ``pos``, or -1."""
    while stop := _TAG_STOP.search(src, pos):
        quote = stop[1]
        if quote is None:
            return stop.start()
        pos = stop.end()
        # A quote with no partner anywhere after it is a literal; remembering
        # that keeps a page full of lone quotes from being rescanned to the end.
        if quote not in unclosed_quotes:
            partner = src.find(quote, pos)
            if partner < 0:
                unclosed_quotes.add(quote)
            else:
                pos = partner + 1
    return -1


def _attributes(body: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(body):
        name = match[1].lower()
        if name not in attrs:  # the first of duplicate attributes wins, as in browsers
            value = match[2] if match[2] is not None else match[3] if match[3] is not None else match[4]
            attrs[name] = _unescape(value or "")
    return attrs


def _content(blocks: list[_Block]) -> list[str]:
    """Drop link lists, boilerplate lines and the headings that only introduced them."""
    dropped = [
        (b.link_chars * 2 >= b.chars and b.text.count(" ") < _LINK_LIST_MAX_WORDS)
        or b.text.lower().strip(_PUNCTUATION + " ") in _BOILERPLATE
        for b in blocks
    ]
    content_after = [False] * len(blocks)
    seen = False
    for i in range(len(blocks) - 1, -1, -1):
        content_after[i] = seen
        seen = seen or (not dropped[i] and not blocks[i].heading)
    kept: list[str] = []
    for i, block in enumerate(blocks):
        if dropped[i]:
            continue
        if block.heading:
            j = i + 1
            while j < len(blocks) and not blocks[j].heading:
                j += 1
            section = dropped[i + 1 : j]
            if not content_after[i] or (section and all(section)):
                continue
        kept.append(block.text)
    return kept


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return html.unescape(_LONG_CHARREF.sub("\ufffd", text))


def _squash(text: str) -> str:
    return " ".join(text.split())
