"""A polite HTTP client for Olive Young: robots.txt, a real User-Agent, timeouts, a delay between
requests, and retries with exponential backoff. No Django import.

robots.txt policy (the usual crawler convention, as Google documents it): a 2xx answer is obeyed;
a 404 or other 4xx means "no rules"; 401/403/429 or a bot check stops the run as a block; a 5xx, a
timeout or no connection means we cannot know the rules, so we do not scrape at all (ROBOTS_UNREACHABLE).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

import requests

from products import oliveyoung
from products.scraping import Blocked, ScrapeError, detect_block

logger = logging.getLogger(__name__)

# A current desktop browser: Olive Young serves its regular pages to browsers only. The bot name
# still goes to robots.txt matching (ROBOTS_AGENT), so rules written for us apply.
USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
ROBOTS_AGENT = "ScalpSpectraBot"
HEADERS = {"User-Agent": USER_AGENT, "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5",
           "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
TIMEOUT = (5, 20)  # seconds: connect, read
DELAY = 3.0  # seconds between two requests
RETRIES = 3
BACKOFF = 2.0  # seconds; doubles on every retry
RETRY_STATUSES = frozenset({500, 502, 503, 504})

ROBOTS_DISALLOWED = ("Olive Young's robots.txt does not allow fetching {url}, so we stop. Save the search "
                     "pages from a browser and load them with --from-html.")
ROBOTS_UNREACHABLE = ("Could not read {url} ({error}). Without its rules we do not scrape; "
                      "try again later, or use --from-html with saved pages.")
HTTP_ERROR = "Olive Young answered HTTP {status} for {url}. Nothing was changed."
FETCH_FAILED = "Could not fetch {url} after {tries} tries: {error}. Nothing was changed."


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers.update(HEADERS)
    return session


@dataclass
class Fetcher:
    session: requests.Session = field(default_factory=new_session)
    delay: float = DELAY
    retries: int = RETRIES
    backoff: float = BACKOFF
    timeout: tuple[float, float] = TIMEOUT
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _robots: RobotFileParser | None = None
    _last_request: float | None = None

    def get(self, url: str) -> str:
        """The page's HTML. Raises Blocked, or ScrapeError once the retries are used up."""
        self._check_robots(url)
        response = self._get(url)
        if response.status_code >= 400:
            raise ScrapeError(HTTP_ERROR.format(url=url, status=response.status_code))
        return response.text

    def _get(self, url: str) -> requests.Response:
        error: object = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._request(url)
            except (requests.ConnectionError, requests.Timeout) as exc:
                error = exc
                continue
            detect_block(response)
            if response.status_code not in RETRY_STATUSES:
                return _utf8(response)
            error = f"HTTP {response.status_code}"
        raise ScrapeError(FETCH_FAILED.format(url=url, tries=self.retries + 1, error=error))

    def _request(self, url: str) -> requests.Response:
        if self._last_request is not None:
            wait = self.delay - (self.clock() - self._last_request)
            if wait > 0:
                self.sleep(wait)
        logger.debug("GET %s", url)
        try:
            return self.session.get(url, timeout=self.timeout)
        finally:
            self._last_request = self.clock()

    def _check_robots(self, url: str) -> None:
        if self._robots is None:
            self._robots = self._load_robots()
        if not self._robots.can_fetch(ROBOTS_AGENT, url):
            raise ScrapeError(ROBOTS_DISALLOWED.format(url=url))

    def _load_robots(self) -> RobotFileParser:
        parser = RobotFileParser(oliveyoung.ROBOTS_URL)
        try:
            response = self._get(oliveyoung.ROBOTS_URL)
        except Blocked:
            raise  # a 403 or bot check already on robots.txt: say so plainly
        except ScrapeError as exc:
            raise ScrapeError(ROBOTS_UNREACHABLE.format(url=oliveyoung.ROBOTS_URL, error=exc)) from exc
        else:
            if response.status_code >= 400:
                parser.allow_all = True  # 404 and friends: the site has no rules for us
            else:
                parser.parse(response.text.splitlines())
        return parser


def _utf8(response: requests.Response) -> requests.Response:
    if not response.encoding or response.encoding.lower() == "iso-8859-1":
        response.encoding = "utf-8"  # Olive Young serves UTF-8, not always saying so
    return response
