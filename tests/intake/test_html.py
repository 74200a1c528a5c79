"""HTML pages: the article's text only, title, publication metadata, any charset, no hang."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from tawthiq.intake import Document, read_document
from tawthiq.intake.html import extract_html

ARTICLE = [
    "IS prevented Internet service in the city of Albu Kamal east of Deir Ezzor.",
    "Abu Khaled, a man close to IS, said to “Sound and Picture” that the cut came for security reasons.",
    "The decision has not been applied in Qaim city in Iraq, 5 km away.",
]

BLOG_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>IS cuts the internet in Albu Kamal &#8211; Sound and Picture</title>
<meta property="og:title" content="OG title">
<meta property="article:published_time" content="2015-07-14T09:00:00+00:00">
<style>body {{ color: red; }} .secret-style {{ }}</style>
<script>var tracker = "<p>script text</p>"; if (a < b && c > d) {{ }}</script>
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2015-07-01"}}</script>
</head>
<body class="post-template single comments-open">
<header class="site-header"><h1 class="site-title"><a href="/">Sound and Picture</a></h1>
  <time datetime="2024-01-01">Today</time>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<div class="wrapper"><main id="main">
<article class="post">
  <header class="entry-header"><h1 class="entry-title">IS cut the internet in Albu Kamal</h1>
    <p class="byline">By a correspondent</p></header>
  <div class="entry-content">
    <p>{ARTICLE[0]}</p>
    <p>{ARTICLE[1].replace("“", "&ldquo;").replace("”", "&rdquo;")}</p>
    <noscript><p>Enable JavaScript please</p></noscript>
    <p>{ARTICLE[2]}</p>
    <div class="sharedaddy"><h3>Share this:</h3><ul>
      <li><a href="https://twitter.com/share">Twitter</a></li><li><a href="https://facebook.com/sharer">Facebook</a></li>
    </ul></div>
  </div>
  <h3>Related Posts</h3>
  <ul><li><a href="/mayadin">IS executes two men in Mayadin</a></li>
      <li><a href="/raqqa">Raqqa: prices soar after the siege</a> <span>July 2015</span></li></ul>
  <footer class="entry-footer"><a href="/tag/is">IS</a>, <a href="/tag/internet">internet</a></footer>
</article>
<div id="comments" class="comments-area">
  <h3>2 thoughts on this</h3><ol class="comment-list"><li><p>Great article, thanks for writing it</p></li></ol>
  <div id="respond"><h3 id="reply-title">Leave a Reply</h3>
  <form action="/wp-comments-post.php"><p>Your email address will not be published.</p><textarea>draft</textarea>
  <button>Post Comment</button></form></div>
</div>
</main>
<aside class="widget-area"><h2>Popular</h2><p>Sidebar text about another story</p></aside>
</div>
<footer><p>Copyright 2015 Sound and Picture. All rights reserved.</p><iframe src="x">frame text</iframe></footer>
<svg><title>logo</title><text>svg text</text></svg>
</body></html>
"""

BOILERPLATE = [
    "script text", "color: red", "secret-style", "Home", "About us", "Today", "Share this", "Twitter",
    "Facebook", "Related Posts", "IS executes two men", "Raqqa: prices", "Great article", "thoughts on this",
    "Leave a Reply", "Your email address", "draft", "Post Comment", "Popular", "Sidebar text", "Copyright",
    "frame text", "svg text", "logo", "Enable JavaScript", "Sound and Picture\n",
]


def _read(tmp_path: Path, page: str | bytes, name: str = "page.html") -> tuple[str, Document]:
    path = tmp_path / name
    path.write_bytes(page.encode() if isinstance(page, str) else page)
    doc = read_document(path)
    return doc.text, doc


def test_only_the_article_text_remains_of_a_blog_page(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(BLOG_PAGE, encoding="utf-8")
    doc = read_document(tmp_path / "page.html")
    for sentence in ARTICLE:
        assert sentence in doc.text.split("\n\n")
    for junk in BOILERPLATE:
        assert junk not in doc.text + "\n"
    assert doc.text.startswith("IS cut the internet in Albu Kamal\n\nBy a correspondent\n\n")
    assert doc.media_type == "text/html"
    assert doc.title == "IS cuts the internet in Albu Kamal – Sound and Picture"
    assert doc.language == "en"
    assert doc.published_on == date(2015, 7, 14)
    assert doc.warnings == []


def test_date_metadata_in_order_of_trust(tmp_path: Path) -> None:
    content = extract_html(BLOG_PAGE.encode())
    # The page header's "today" is not a candidate: it is site furniture.
    assert content.date_meta == ["2015-07-14T09:00:00+00:00", "2015-07-01"]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<script type="application/ld+json">{"datePublished": "2015-07-14T10:00:00Z"}</script>', date(2015, 7, 14)),
        ('<meta name="date" content="2015-07-14">', date(2015, 7, 14)),
        ('<meta itemprop="datePublished" content="2015-07-14">', date(2015, 7, 14)),
        ('<article><time datetime="2015-07-14T08:00">14 July</time><p>Text of the report.</p></article>',
         date(2015, 7, 14)),
        ("<p>Published: 14 July 2015</p>", date(2015, 7, 14)),
        ('<header><time datetime="2024-01-01">today</time></header><p>Text of the report.</p>', None),
    ],
)
def test_publication_date_from_page_metadata(tmp_path: Path, markup: str, expected: date | None) -> None:
    page = f"<!doctype html><html><head><title>t</title></head><body>{markup}<p>Text of the report.</p></body></html>"
    assert _read(tmp_path, page)[1].published_on == expected


def test_title_falls_back_to_og_title_then_first_heading(tmp_path: Path) -> None:
    og = '<!doctype html><meta property="og:title" content="OG &amp; title"><h1>Heading</h1><p>Body text.</p>'
    h1 = "<!doctype html><body><h1>The  heading\n</h1><p>Body text.</p></body>"
    assert _read(tmp_path, og)[1].title == "OG & title"
    assert _read(tmp_path, h1)[1].title == "The heading"


def test_arabic_page_in_windows_1256_declared_by_meta(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE html><html dir="rtl" lang="ar"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        "<title>قطع الإنترنت في البوكمال</title></head><body>"
        "<nav><a href='/'>الرئيسية</a></nav>"
        "<p>نشر في 14 تموز 2015</p><p>منع التنظيم خدمة الإنترنت في مدينة البوكمال شرق دير الزور.</p>"
        "<h3>مقالات ذات صلة</h3><ul><li><a href='/1'>إعدام رجلين في الميادين</a></li></ul></body></html>"
    )
    text, doc = _read(tmp_path, page.encode("cp1256"))
    assert text == "نشر في 14 تموز 2015\n\nمنع التنظيم خدمة الإنترنت في مدينة البوكمال شرق دير الزور."
    assert doc.title == "قطع الإنترنت في البوكمال"
    assert doc.language == "ar"
    assert doc.published_on == date(2015, 7, 14)


def test_arabic_page_in_utf8_without_a_declaration(tmp_path: Path) -> None:
    page = ("<html dir='rtl'><body><article><h1>البوكمال</h1><p>قال أبو خالد إن القطع جاء لأسباب أمنية.</p></article>"
            "</body></html>")
    text, doc = _read(tmp_path, page)
    assert text == "البوكمال\n\nقال أبو خالد إن القطع جاء لأسباب أمنية."
    assert doc.language == "ar"


def test_block_structure_entities_and_whitespace(tmp_path: Path) -> None:
    page = (
        "<!doctype html><body><div>First &amp; <b>bold</b>\n   words<br>after break</div>"
        "<ul><li>one</li><li>two&nbsp;items</li></ul>"
        "<blockquote>quote &#1575;&#x644; &bogus; &#99999999999999;</blockquote>"
        "<table><tr><td>cell one</td><td>cell two</td></tr></table><p>a < b and c > d</p></body>"
    )
    text, _ = _read(tmp_path, page)
    assert text.split("\n\n") == [
        "First & bold words", "after break", "one", "two items", "quote ال &bogus; \ufffd",
        "cell one", "cell two", "a < b and c > d",
    ]


def test_a_listing_page_whose_articles_are_only_links_falls_back_to_the_body(tmp_path: Path) -> None:
    page = (
        "<!doctype html><body><article><a href='/1'>Story one headline</a></article>"
        "<article><a href='/2'>Story two headline</a></article>"
        "<p>Our monthly report on violations in Deir Ezzor is out now.</p></body>"
    )
    assert _read(tmp_path, page)[0] == "Our monthly report on violations in Deir Ezzor is out now."


def test_headings_followed_by_subheadings_are_kept(tmp_path: Path) -> None:
    page = ("<!doctype html><main><h1>Report</h1><h2>Summary</h2><p>Civilians were killed in the strike.</p>"
            "<h2>Notes</h2></main>")
    assert _read(tmp_path, page)[0] == "Report\n\nSummary\n\nCivilians were killed in the strike."


def test_a_page_cut_off_mid_tag_keeps_its_text_and_warns(tmp_path: Path) -> None:
    page = "<!doctype html><html><body><p>The first paragraph survived.</p><p>Second paragraph<a href='/x"
    text, doc = _read(tmp_path, page)
    assert text == "The first paragraph survived.\n\nSecond paragraph"
    assert doc.warnings == ["html: truncated"]


def test_a_fragment_without_doctype_is_still_html(tmp_path: Path) -> None:
    text, doc = _read(tmp_path, '<meta charset="utf-8"><title>T</title><p>Body &amp; text.</p>', name="note.txt")
    assert (text, doc.media_type) == ("Body & text.", "text/html")


@pytest.mark.parametrize(
    "page",
    [
        "<a " * 200_000,
        "<![" * 200_000,
        "<a b='x" * 200_000,
        '<a ="' * 200_000 + ">tail text",
        "<" * 600_000,
        "<!--" + "-" * 600_000,
        "<p>x" * 200_000,
        "<div>" * 200_000 + "</p>" * 200_000 + "text",
        "<script>" * 200_000,
        "<p " + "a=b " * 200_000 + ">tail text",
        "&#" + "9" * 600_000 + ";",
        "</" * 300_000,
    ],
    ids=lambda page: repr(page[:8]),
)
def test_adversarial_markup_is_read_in_linear_time(page: str) -> None:
    started = time.perf_counter()
    extract_html(("<!doctype html><body>" + page).encode())
    # A hang guard only: each of these takes well under a second.
    assert time.perf_counter() - started < 20


@given(st.text(alphabet=st.sampled_from(list("<>/!-='\" abpscrithle&#;\n&ampx1")), max_size=300))
def test_extract_html_never_raises_on_tag_soup(soup: str) -> None:
    content = extract_html(soup.encode())
    assert all(p == p.strip() and p for p in content.paragraphs)
