"""The printed reports, in English and Arabic: a monthly report and an incident dossier, as PDF bytes.

Made from a :class:`PublicSet` and nothing else (its events are already redacted by the profile), through Jinja
templates (``templates/report_*.html``) and WeasyPrint. Fonts are the system's (Debian's Noto Naskh Arabic and Noto
Sans), named in the style sheet; Arabic pages are ``<html lang=ar dir=rtl>``. The same set gives the same bytes: the
PDF's creation and modification dates are the set's ``as_of`` (WeasyPrint reads them from
``<meta name=dcterms.created>`` and ``dcterms.modified``), and nothing reads the clock. Nothing is fetched: the style
sheet and the charts are inline, and the URL fetcher refuses anything but ``data:`` and files of this package.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.publication import Figures, PublicAct, PublicActor, PublicEvent, PublicPlace, PublicSet
from tawthiq.publish.charts import Bar, bar_chart
from tawthiq.publish.publisher import publisher
from tawthiq.publish.report_labels import label
from tawthiq.publish.tallies import AGE_GROUPS, CATEGORIES, SEXES, Row, Span, governorate, tally
from tawthiq.web.i18n import Translator, translator

LANGUAGES = ("en", "ar")
_T = TypeVar("_T")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PACKAGE = Path(__file__).resolve().parent


def parse_month(text: str) -> tuple[date, date]:
    """``YYYY-MM`` as its first and last day. Raises InvalidInput naming ``month`` otherwise."""
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise InvalidInput.single("month", f"must be a month written YYYY-MM (2015-07), not {text!r}",
                                  f"يجب أن يكون شهراً بالصيغة YYYY-MM (مثل 2015-07)، لا {text!r}")
    year, month = int(found[1]), int(found[2])
    last = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    return date(year, month, 1), date.fromordinal(last)


def check_language(language: str) -> str:
    """``en`` or ``ar``. Raises InvalidInput naming ``lang`` otherwise."""
    if language not in LANGUAGES:
        raise InvalidInput.single("lang", f"must be en or ar, not {language!r}",
                                  f"يجب أن تكون en أو ar، لا {language!r}")
    return language


def monthly_html(pset: PublicSet, *, month: str, language: str) -> str:
    """The monthly report as one HTML page (what :func:`monthly_pdf` prints)."""
    first, last = parse_month(month)
    words = _Words(check_language(language))
    tallies = tally(pset)
    period = words.tr.span(first, last, "month")
    charts = {
        "deaths_by_month": [Bar(words.tr.period(r.key), r.span.min, r.span.max, words.span(r.span))
                            for r in tallies.deaths_by_month],
        "deaths_by_governorate": _bars(words, tallies.deaths_by_governorate),
        "deaths_by_perpetrator": _bars(words, tallies.deaths_by_perpetrator),
    }
    return _render("report_monthly.html", words, pset, title=f"{words('monthly_title')}: {period}", period=period,
                   tallies=tallies, categories=CATEGORIES, sexes=SEXES, age_groups=AGE_GROUPS,
                   charts={key: Markup(bar_chart(bars, direction=words.tr.direction))  # noqa: S704 (escaped there)
                           for key, bars in charts.items()})


def event_html(pset: PublicSet, event: str, *, language: str) -> str:
    """The dossier of one published event as one HTML page. Raises NotFound if the set does not hold it."""
    words = _Words(check_language(language))
    found = pset.event(event)
    if found is None:
        raise NotFound("event under this profile", event)
    victims = [(act, victim) for act in found.acts for victim in act.victims]
    return _render("report_event.html", words, pset, title=f"{words('event_title')}: {found.title}", event=found,
                   victims=victims)


def monthly_pdf(pset: PublicSet, *, month: str, language: str) -> bytes:
    """The monthly report of ``pset`` (restricted to ``month``, ``YYYY-MM``) in ``language``, as PDF bytes."""
    return write_pdf(monthly_html(pset, month=month, language=language))


def event_pdf(pset: PublicSet, event: str, *, language: str) -> bytes:
    """The dossier of ``event`` (an id the set holds) in ``language``, as PDF bytes."""
    return write_pdf(event_html(pset, event, language=language))


def write_pdf(html: str) -> bytes:
    """Print an HTML page made here, with no network and no clock (see the module's docstring)."""
    return finish_pdf(lay_out(html))


def lay_out(html: str) -> Any:
    """The first half of :func:`write_pdf`: the page parsed, styled and laid out in pages (a WeasyPrint Document)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported when printing: loads Pango, fonts

    return HTML(string=html, base_url=PACKAGE.as_uri() + "/", url_fetcher=package_fetcher()).render()


def finish_pdf(document: Any) -> bytes:
    """The second half of :func:`write_pdf`: the pages of :func:`lay_out` drawn and written as PDF bytes."""
    made: bytes = document.write_pdf(uncompressed_pdf=False)
    return made


def package_fetcher() -> Any:
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class PackageOnly(URLFetcher):  # type: ignore[misc]
        """Fetches ``data:`` URLs and files inside this package; refuses every other URL (the network above all)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.request import url2pathname

                path = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
                if path.is_relative_to(PACKAGE):
                    return super().fetch(url, headers)
            raise ValueError(f"the reports fetch nothing outside their package: {url}")

    return PackageOnly(allowed_protocols=("data", "file"))


class _Words:
    """The templates' vocabulary in one language: labels, dates, numbers and figures."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.tr: Translator = translator(language)

    def __call__(self, key: str) -> str:
        return label(key, self.language)

    def number(self, value: int) -> str:
        return self.tr.number(value)

    def figure(self, figures: Figures | Span | None) -> str:
        """A min–max figure, or one number when both agree, or "not reported" (never 0 for an absent category)."""
        if figures is None:
            return self("not_reported")
        if figures.min == figures.max:
            return self.number(figures.min)
        return f"{self.number(figures.min)}–{self.number(figures.max)}"

    def span(self, span: Span) -> str:
        return self.figure(span)

    def when(self, event: PublicEvent) -> str:
        return self.tr.span(event.start, event.end, event.precision)

    def pick(self, english: str | None, arabic: str | None) -> str:
        return self.tr.pick(english, arabic)

    def place(self, event: PublicEvent) -> str:
        """An event's place by name with its governorate, or its place as recorded in words, or "unknown"."""
        place: PublicPlace | None = event.place
        if place is None:
            return event.place_text or self("unknown")
        name = self.pick(place.name, place.name_ar)
        region = self.pick(*governorate(event)) if place.feature != "governorate" else ""
        comma = "، " if self.language == "ar" else ", "
        return f"{name}{comma}{region}" if region and region != name else name

    def dir_of(self, text: str | None) -> str:
        """The direction of a recorded text (its first strong letter's), so that an English narrative in an Arabic
        report keeps its full stop at its end."""
        for char in text or "":
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return "rtl"
            if kind == "L":
                return "ltr"
        return self.tr.direction

    def figures(self, event: PublicEvent) -> Mapping[str, Figures]:
        return _in_order(event.figures)

    def counts(self, act: PublicAct) -> Mapping[str, int]:
        return _in_order(act.figures)

    def actors(self, actors: tuple[PublicActor, ...]) -> str:
        comma = "، " if self.language == "ar" else ", "
        return comma.join(self.pick(a.name, a.name_ar) for a in actors) or self("unknown")

    def moment(self, moment: datetime) -> str:
        return self.tr.date(moment.astimezone(UTC).date())


def _bars(words: _Words, rows: list[Row]) -> list[Bar]:
    return [Bar(words.pick(r.label_en, r.label_ar) if r.key else words("unknown"), r.span.min, r.span.max,
                words.span(r.span)) for r in rows]


def _render(template: str, words: _Words, pset: PublicSet, **values: Any) -> str:
    stamp = pset.as_of.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    profile = words.pick(pset.profile.title_en or pset.profile.name, pset.profile.title_ar or None)
    page: str = _environment().get_template(template).render(
        t=words, lang=words.language, dir=words.tr.direction, stamp=stamp, pset=pset, profile=profile,
        organisation=publisher(pset, words.language), css=Markup(_stylesheet()), **values)  # noqa: S704 (our own style sheet)
    return page


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("tawthiq.publish", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


@cache
def _stylesheet() -> str:
    return resources.files("tawthiq.publish").joinpath("static", "report.css").read_text(encoding="utf-8")


def _in_order(figures: Mapping[str, _T]) -> dict[str, _T]:
    """Figures in the report's order of categories (killed, injured, detained, displaced; any other after, by name)."""
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return dict(sorted(figures.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
