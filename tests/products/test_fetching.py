import pytest
import requests

from products import oliveyoung
from products.fetching import (
    FETCH_FAILED,
    HTTP_ERROR,
    ROBOTS_DISALLOWED,
    ROBOTS_UNREACHABLE,
    TIMEOUT,
    USER_AGENT,
    Fetcher,
    new_session,
)
from products.scraping import BLOCKED_HTTP, Blocked, ScrapeError
from tests.products.conftest import FakeResponse, FakeWeb, page, robots

SEARCH = oliveyoung.search_url("탈모 샴푸")


class Clock:
    """time.monotonic and time.sleep for a test: sleeping moves the clock."""

    def __init__(self):
        self.now, self.sleeps = 100.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def fetcher(web: FakeWeb, **kwargs) -> tuple[Fetcher, Clock]:
    clock = Clock()
    return Fetcher(session=web, sleep=clock.sleep, clock=clock, **kwargs), clock


def test_session_sends_a_browser_user_agent():
    session = new_session()
    assert session.headers["User-Agent"] == USER_AGENT
    assert "Mozilla/5.0" in USER_AGENT and "ko-KR" in session.headers["Accept-Language"]


def test_every_request_has_a_timeout():
    web = FakeWeb(answers={**robots(), SEARCH: FakeResponse(200, page("search_current.html"))})
    f, _ = fetcher(web)
    assert "A000000104007" in f.get(SEARCH)
    assert [kw["timeout"] for _, kw in web.requests] == [TIMEOUT, TIMEOUT]


def test_waits_the_delay_between_requests():
    web = FakeWeb(answers={**robots(), SEARCH: FakeResponse(200, page("search_empty.html"))})
    f, clock = fetcher(web, delay=3.0)
    f.get(SEARCH)
    f.get(SEARCH)
    assert clock.sleeps == [3.0, 3.0]  # before the search after robots.txt, before the second search


def test_retries_server_errors_with_exponential_backoff():
    answers = [FakeResponse(503, "busy"), requests.ConnectionError("reset"),
               FakeResponse(200, "<ul class='cate_prd_list'></ul>")]
    web = FakeWeb(answers={**robots(), SEARCH: answers})
    f, clock = fetcher(web, delay=0, backoff=2.0)
    f.get(SEARCH)
    assert clock.sleeps == [2.0, 4.0]
    assert web.urls().count(SEARCH) == 3


def test_gives_up_after_the_retries_with_a_plain_error():
    web = FakeWeb(answers={**robots(), SEARCH: [requests.Timeout("read timed out")]})
    f, _ = fetcher(web, delay=0, retries=2)
    with pytest.raises(ScrapeError) as exc:
        f.get(SEARCH)
    assert str(exc.value) == FETCH_FAILED.format(url=SEARCH, tries=3, error="read timed out")
    assert web.urls().count(SEARCH) == 3


def test_a_403_is_a_block_and_is_not_retried():
    web = FakeWeb(answers={**robots(), SEARCH: FakeResponse(403, "Forbidden")})
    f, _ = fetcher(web, delay=0)
    with pytest.raises(Blocked) as exc:
        f.get(SEARCH)
    assert str(exc.value) == BLOCKED_HTTP.format(status=403)
    assert web.urls().count(SEARCH) == 1


def test_a_404_page_is_an_error():
    web = FakeWeb(answers=robots())
    f, _ = fetcher(web, delay=0)
    with pytest.raises(ScrapeError) as exc:
        f.get(SEARCH)
    assert str(exc.value) == HTTP_ERROR.format(url=SEARCH, status=404)


def test_robots_txt_disallow_stops_before_the_page_is_fetched():
    web = FakeWeb(answers=robots("User-agent: *\nDisallow: /store/search/\n"))
    f, _ = fetcher(web, delay=0)
    with pytest.raises(ScrapeError) as exc:
        f.get(SEARCH)
    assert str(exc.value) == ROBOTS_DISALLOWED.format(url=SEARCH)
    assert web.urls() == [oliveyoung.ROBOTS_URL]


def test_robots_txt_unreachable_means_no_scraping():
    web = FakeWeb(answers={oliveyoung.ROBOTS_URL: [requests.ConnectionError("no route to host")]})
    f, _ = fetcher(web, delay=0, retries=1)
    with pytest.raises(ScrapeError) as exc:
        f.get(SEARCH)
    assert str(exc.value).startswith(ROBOTS_UNREACHABLE.split("(")[0].format(url=oliveyoung.ROBOTS_URL))
    assert SEARCH not in web.urls()


def test_missing_robots_txt_means_no_rules():
    web = FakeWeb(answers={oliveyoung.ROBOTS_URL: FakeResponse(404, "Not Found"),
                           SEARCH: FakeResponse(200, page("search_empty.html"))})
    f, _ = fetcher(web, delay=0)
    assert "검색결과가 없습니다" in f.get(SEARCH)


def test_robots_txt_is_read_once_per_run():
    web = FakeWeb(answers={**robots(), SEARCH: FakeResponse(200, page("search_empty.html"))})
    f, _ = fetcher(web, delay=0)
    f.get(SEARCH)
    f.get(SEARCH)
    assert web.urls().count(oliveyoung.ROBOTS_URL) == 1


def test_pages_without_a_charset_are_read_as_utf8():
    body = page("search_empty.html").encode()
    response = requests.Response()
    response.status_code, response._content = 200, body
    response.headers["Content-Type"] = "text/html"  # requests would guess ISO-8859-1
    response.encoding = "ISO-8859-1"
    web = FakeWeb(answers={**robots(), SEARCH: response})
    f, _ = fetcher(web, delay=0)
    assert "지루성 두피 샴푸" in f.get(SEARCH)
