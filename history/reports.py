"""PDF reports rendered by WeasyPrint from the site's own templates and stylesheets.

WeasyPrint never touches the network: the URL fetcher below serves files from static/ and the
photos it was handed, and refuses everything else.
"""

from __future__ import annotations

import functools
import mimetypes
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from diagnosis.content import care_card
from diagnosis.models import Human
from diagnosis.selectors import photo_check_for, result_for
from history.selectors import photo_kept, provenance_for
from history.trends import history_context

BASE_URL = "http://report.invalid/"  # never fetched: only the paths under it are looked up locally
SVG_CSS = "history/report-svg.css"
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CHART_SVG = re.compile(r'(<svg\b[^>]*\bclass="chart\b[^>]*>)')


class ReportFetchRefused(ValueError):
    pass


def photo_path(human: Human) -> str:
    return reverse("history:photo", kwargs={"public_id": human.public_id})


@functools.cache
def _weasyprint():
    """WeasyPrint, imported without its side effect on the whole process: its images module switches
    on Pillow's LOAD_TRUNCATED_IMAGES, which would let damaged uploads past decode_photo afterwards."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint  # ~1 s to import: only when a report is asked for

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


@functools.cache
def _fetcher_class():
    _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """static/ files and the kept photos of the report's own results; nothing else."""

        def __init__(self, photos: dict[str, Human]):
            super().__init__(allowed_protocols={"http"}, allow_redirects=False)
            self.photos = photos

        def fetch(self, url, headers=None):
            if not url.startswith(BASE_URL):
                raise ReportFetchRefused(f"not a local resource: {url}")
            path = "/" + url[len(BASE_URL):].split("?")[0].split("#")[0]
            if path in self.photos:
                with self.photos[path].photo.open("rb") as f:
                    body = f.read()
                return URLFetcherResponse(url, body, {"Content-Type": "image/jpeg"})
            return URLFetcherResponse(url, _static_file(path), {"Content-Type": _mime(path)})

    return LocalFetcher


def _static_file(path: str) -> bytes:
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    found = finders.find(path[len(prefix):]) if path.startswith(prefix) and ".." not in path else None
    if not found:
        raise ReportFetchRefused(f"not a static file: {path}")
    with open(found, "rb") as f:
        return f.read()


def _mime(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


@functools.cache
def _chart_styles() -> str:
    """The chart rules, read once per process (a static file changes only with a deployment)."""
    css = _static_file("/" + settings.STATIC_URL.lstrip("/") + SVG_CSS).decode()
    return CSS_COMMENT.sub("", css).replace("<", "")  # an SVG <style> is parsed as markup, not raw text


def _with_chart_styles(html: str) -> str:
    """WeasyPrint styles inline SVG only from a <style> inside it, so each chart gets the chart rules."""
    css = _chart_styles()
    return CHART_SVG.sub(lambda m: f"{m.group(1)}<style>{css}</style>", html)


@dataclass
class Report:
    template: str
    context: dict
    photos: list[Human] = field(default_factory=list)  # results whose kept photo the report shows


def render_pdf(report: Report, *, request: HttpRequest | None = None) -> bytes:
    """Render the report's HTML in the active language, then lay it out as PDF (fonts embedded, subset)."""
    weasyprint = _weasyprint()
    html = _with_chart_styles(render_to_string(report.template, report.context, request=request))
    fetcher = _fetcher_class()({photo_path(h): h for h in report.photos})
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print")
    return document.write_pdf()


SAME_AREA_SHOWN = 5  # the small trend on a result's report: this result and up to four before it


def result_report(human: Human, *, with_photo: bool, earlier: list[Human] = ()) -> Report:
    """One result for a doctor: area, date, grades and photo-check reasons in words, care advice, the last
    results of the same area (`earlier`, from this device) and the models in a footnote. The photo only when
    it was kept with consent and `with_photo` (the device that made the result, the only one views.photo
    serves it to)."""
    kept = with_photo and photo_kept(human)
    same_area = sorted([h for h in earlier if h.area == human.area and h.created_at <= human.created_at
                        and h.pk != human.pk], key=lambda h: (h.created_at, h.pk))[-(SAME_AREA_SHOWN - 1):]
    context = {"result": result_for(human), "human": human, "photo": kept, "provenance": provenance_for(human),
               "card": care_card(scalp_type=human.skin, lang=get_language()),
               "reasons": photo_check_for(human).reasons, "same_area": [*same_area, human]}
    return Report("history/report_result.html", context, photos=[human] if kept else [])


def history_report(humans: list[Human]) -> Report:
    return Report("history/report_history.html", {**history_context(humans), "now": timezone.now()})
