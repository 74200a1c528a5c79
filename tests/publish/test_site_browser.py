"""The published site in a real browser (Debian's Chromium), opened from file:// as from a USB stick and from a
local static server, with every request that would leave for another site blocked and counted: pages render in
both languages, the offline map draws, and the search finds the Albu Kamal incident by its Arabic and Latin names.
Screenshots go to build/screenshots/site-*.png."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tawthiq.publish import search
from tawthiq.publish.site import write_site
from tests.publish.sample import sample_set

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
MARKET = "Shelling of the Albu Kamal market"
CHECKPOINT = "Detentions at the Mayadin checkpoint"
# the countries of Natural Earth drawn as paths with a shape (Leaflet leaves those out of view as "M0 0")
DRAWN = "[...document.querySelectorAll('#map path.country')].filter(p => p.getAttribute('d') !== 'M0 0').length > 1"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    write_site(sample_set(), out, assets=ASSETS)
    return out


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("origin", ["file", "http"])
def test_the_site_works_offline_in_both_languages_and_search_finds_both_spellings(
        origin: str, site: Path, server: str, browser: Any) -> None:
    base = site.as_uri() + "/" if origin == "file" else server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def gate(route: Any) -> None:
        url = route.request.url
        if url.startswith(base) or url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(base + "index.html")
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").first.is_visible()
    assert page.locator("dl.figures").inner_text().count("5–7") == 1
    page.wait_for_function(DRAWN)  # Natural Earth drawn from the site's own script
    assert page.locator("#map .leaflet-interactive").count() >= 2  # both incidents placed
    if origin == "file":
        page.screenshot(path=str(SCREENSHOTS / "site-en.png"), full_page=True)

    page.goto(base + "ar/index.html")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").first.is_visible() and page.locator("h2").first.inner_text() == "الأرقام الرئيسية"
    if origin == "file":
        page.screenshot(path=str(SCREENSHOTS / "site-ar.png"), full_page=True)

    for lang, query in (("en", "Abu Kamal"), ("ar", "البوكمال"), ("en", "بوكمال"), ("ar", "al bukamal")):
        page.goto(base + f"{lang}/search.html?q={quote(query)}")
        results = page.locator("#results li")
        results.first.wait_for()
        assert results.count() == 1, query
        assert MARKET in results.first.inner_text() and CHECKPOINT not in page.locator("#results").inner_text()
    page.locator("#query").fill("الميادين")  # typed: the results follow
    page.locator("#results li", has_text=CHECKPOINT).wait_for()
    samples = ["البُوكَمَال", "أبو كمال الشرقية", "مدرسةٌ مشفى", "Ḥalab, Dayr az-Zawr", "الرقـــة 2015"]
    assert page.evaluate("texts => texts.map(t => TawthiqSearch.terms(t))", samples) == \
        [list(search.terms(text)) for text in samples]  # the browser's normaliser is the documents' one
    page.locator("#results a").first.click()
    assert page.locator("h1").inner_text() == CHECKPOINT and page.url.endswith("ar/incidents/event-checkpoint.html")

    if origin == "file":
        phone = context.new_page()
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(base + "ar/incidents/event-market.html")
        phone.wait_for_function(DRAWN)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
        phone.screenshot(path=str(SCREENSHOTS / "site-ar-390.png"), full_page=True)
    context.close()
    assert blocked == [] and errors == []
