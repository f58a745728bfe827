"""manage.py scrape_products: fill the Product table from Olive Young searches or saved pages."""

from __future__ import annotations

from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ml.labels import SCALP_TYPE_BY_KEY
from products import oliveyoung
from products.fetching import DELAY, Fetcher
from products.scraping import ScrapeError, page_query, parse_search_page, scrape_keyword
from products.services import KeywordResult, products_upsert

UNKNOWN_KEYWORD = ("No scalp type for keyword {keyword!r}: it is not in products/oliveyoung.py KEYWORDS. "
                   "Name one with --scalp-type.")
NO_KEYWORD = ("{path}: the page does not say which search it shows. Name it with --keyword "
              "(and --scalp-type if the keyword is not in products/oliveyoung.py KEYWORDS).")
UNREADABLE = "{path}: cannot read it ({error})."
NOT_POSITIVE = "must be 1 or more, not {value}"


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError(NOT_POSITIVE.format(value=value))
    return number


class Command(BaseCommand):
    help = ("Search Olive Young with the keyword set of each scalp type (products/oliveyoung.py) and store "
            "the products found; products no longer found are deactivated. --from-html parses saved "
            "search pages instead of going online.")

    def add_arguments(self, parser):
        parser.add_argument("--scalp-type", action="append", choices=list(SCALP_TYPE_BY_KEY),
                            help="only this scalp type's keywords (repeatable); with --keyword or "
                                 "--from-html: the type the pages belong to")
        parser.add_argument("--keyword", action="append",
                            help="only this search keyword (repeatable); with --from-html: the search "
                                 "the saved pages show, when the page does not say")
        parser.add_argument("--from-html", nargs="+", type=Path, metavar="FILE",
                            help="parse these saved search result pages; no network")
        parser.add_argument("--max-pages", type=_positive_int, default=3,
                            help="result pages per keyword (default 3)")
        parser.add_argument("--delay", type=float, default=DELAY,
                            help=f"seconds between requests (default {DELAY})")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, store nothing")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            if options["from_html"]:
                results = self._from_files(options["from_html"], options)
            else:
                results = self._from_site(options)
        except ScrapeError as exc:
            raise CommandError(str(exc)) from exc
        summary = products_upsert(results=results, dry_run=options["dry_run"])
        prefix = "Dry run, nothing stored: would have " if options["dry_run"] else ""
        self._say(1, self.style.SUCCESS(
            f"{prefix}created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged}, "
            f"deactivated {summary.deactivated}."))

    def _from_site(self, options) -> list[KeywordResult]:
        fetcher = Fetcher(delay=max(options["delay"], 0))
        results = []
        for keyword, scalp_type in _targets(options):
            rows = scrape_keyword(fetcher.get, keyword, max_pages=options["max_pages"],
                                  on_page=self._progress)
            results.append(KeywordResult(keyword=keyword, scalp_type=scalp_type, rows=rows))
        return results

    def _from_files(self, paths: list[Path], options) -> list[KeywordResult]:
        by_keyword: dict[str, KeywordResult] = {}
        for path in paths:
            try:
                html = path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise CommandError(UNREADABLE.format(path=path, error=exc.strerror)) from exc
            rows = parse_search_page(html)  # first: a bot-check page says so, whatever it searched
            keyword = _only(options["keyword"]) or page_query(html)
            if not keyword:
                raise CommandError(NO_KEYWORD.format(path=path))
            self._say(1, f"{path.name}: {keyword!r}, {len(rows)} products")
            known = by_keyword.get(keyword) or KeywordResult(keyword, _scalp_type(keyword, options), [])
            by_keyword[keyword] = KeywordResult(keyword, known.scalp_type, known.rows + rows)
        return list(by_keyword.values())

    def _progress(self, keyword: str, page: int, count: int) -> None:
        self._say(1, f"{keyword!r} page {page}: {count} products")

    def _say(self, level: int, message: str) -> None:
        if self.verbosity >= level:
            self.stdout.write(message)


def _only(values: list[str] | None) -> str:
    return values[0] if values and len(values) == 1 else ""


def _scalp_type(keyword: str, options) -> str:
    if scalp_type := _only(options["scalp_type"]):
        return scalp_type
    if keyword in oliveyoung.SCALP_TYPE_BY_KEYWORD:
        return oliveyoung.SCALP_TYPE_BY_KEYWORD[keyword]
    raise CommandError(UNKNOWN_KEYWORD.format(keyword=keyword))


def _targets(options) -> list[tuple[str, str]]:
    """(keyword, scalp type) pairs to search, in the order of oliveyoung.KEYWORDS."""
    if options["keyword"]:
        return [(keyword, _scalp_type(keyword, options)) for keyword in options["keyword"]]
    wanted = options["scalp_type"] or list(oliveyoung.KEYWORDS)
    return [(keyword, scalp_type) for scalp_type, keywords in oliveyoung.KEYWORDS.items()
            if scalp_type in wanted for keyword in keywords]
