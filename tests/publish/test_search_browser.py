"""The site's search at scale in a real browser (Debian's Chromium), from file://: with the index split into many
shards, a query loads the table, the shards of its words and the documents it shows, nothing more, and still finds
every incident, a hundred at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tawthiq.publish import search
from tawthiq.publish.site import write_site
from tests.publish.test_site import _many

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"


def test_a_query_loads_only_its_shards_and_shows_results_a_hundred_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any) -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", 2000)  # a small site split as a large one is
    site = tmp_path / "site"
    write_site(_many(450), site, assets=ASSETS)
    shards = len(list((site / "en" / "search").glob("t-*.js")))
    assert shards > 40
    page = browser.new_page()
    errors: list[str] = []
    loaded: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: loaded.append("/".join(request.url.rsplit("/", 2)[-2:])))

    page.goto((site / "en" / "search.html").as_uri() + "?q=" + quote("Abu Kamal"))
    results = page.locator("#results li")
    results.first.wait_for()
    assert results.count() == 100 and page.locator("#summary").inner_text().endswith("451")
    assert results.first.inner_text().startswith("Shelling of the Albu Kamal market")  # newest first
    wanted = [name for name in loaded if name.startswith("search/")]
    assert 2 <= len([n for n in wanted if "/t-" in n]) <= 6 and len(wanted) <= 10  # of the 40-odd shards
    page.locator("#more").click()
    page.locator("#results li").nth(199).wait_for()
    assert results.count() == 200

    for query in ("numb 44", "numbr 44", "Albu Kamal NUMBER 44"):  # a prefix, a typo; two letters: the word itself
        page.goto((site / "en" / "search.html").as_uri() + "?q=" + quote(query))
        page.locator("#results li").first.wait_for()
        assert page.locator("#results a").all_inner_texts() == ["Shelling number 44"], query
    assert page.locator("#more").is_hidden() and errors == []
