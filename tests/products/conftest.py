"""Helpers for the products tests: saved Olive Young pages, a fake HTTP boundary, rows in the tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import timezone

from diagnosis.models import Human
from ml.labels import SYMPTOMS
from products import oliveyoung
from products.models import Product

FIXTURES = Path(__file__).parent / "fixtures"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@dataclass
class FakeResponse:
    status_code: int = 200
    text: str = ""
    encoding: str | None = "utf-8"


@dataclass
class FakeWeb:
    """Answers by URL, like Olive Young would; records every request. An answer may be a list
    (one per request, the last repeated) or an exception to raise."""

    answers: dict = field(default_factory=dict)
    default: FakeResponse = field(default_factory=lambda: FakeResponse(404, "Not Found"))
    requests: list = field(default_factory=list)

    def get(self, url, **kwargs):
        self.requests.append((url, kwargs))
        answer = self.answers.get(url, self.default)
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def urls(self) -> list[str]:
        return [url for url, _ in self.requests]


def robots(text: str = "User-agent: *\nDisallow: /store/mypage/\n") -> dict:
    return {oliveyoung.ROBOTS_URL: FakeResponse(200, text)}


@pytest.fixture
def web(monkeypatch):
    """requests.Session.get answered by a FakeWeb: the HTTP boundary, nothing else faked."""
    fake = FakeWeb(answers=robots())
    monkeypatch.setattr("requests.Session.get",
                        lambda session, url, **kw: fake.get(url, session=session, **kw))
    return fake


def make_product(goods_no: str, *, scalp_type: str = "hair_loss", keyword: str | None = None,
                 **fields) -> Product:
    values = {
        "name": f"샴푸 {goods_no}", "brand": "브랜드", "price": 12000, "original_price": 15000,
        "image_url": f"https://image.oliveyoung.co.kr/uploads/images/goods/400/{goods_no}.jpg",
        "url": oliveyoung.product_url(goods_no), "rating": None, "review_count": 0,
        "keyword": keyword or oliveyoung.main_keyword(scalp_type), "scalp_type": scalp_type,
        "scraped_at": timezone.now(), **fields,
    }
    return Product.objects.create(goods_no=goods_no, **values)


def goods_no(n: int) -> str:
    return f"A{n:012d}"


def make_human(skin: str = "hair_loss") -> Human:
    return Human.objects.create(
        sex="F", age=30, pred=1, skin=skin, probabilities={s.key: [0.7, 0.1, 0.1, 0.1] for s in SYMPTOMS},
        weights={s.key: {"data": "aihub"} for s in SYMPTOMS}, created_at=timezone.now(),
        **{s.field: 0 for s in SYMPTOMS},
    )
