"""Organic products ranked for the segment by click-through, smoothed toward the scalp type's rate."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from ads.counting import Segment
from ads.models import ProductDay
from ads.ranking import Counts, posterior_mean, segment_counts
from products.selectors import products_for_scalp_type
from tests.products.conftest import goods_no, make_product

pytestmark = pytest.mark.django_db
WOMEN_30S = Segment("hair_loss", "F", 30)
MEN_50S = Segment("hair_loss", "M", 50)


def counted(product, segment, impressions, clicks, days_ago=1):
    ProductDay.objects.create(product=product, day=timezone.localdate() - timedelta(days=days_ago),
                              scalp_type=segment.scalp_type, sex=segment.sex, age_band=segment.age_band,
                              impressions=impressions, clicks=clicks)


def picks(segment, n=30):
    return [[p.pk for p in products_for_scalp_type(scalp_type="hair_loss", seed=str(uuid.UUID(int=i)),
                                                   segment=segment)] for i in range(n)]


@pytest.fixture
def six():
    return [make_product(goods_no(n)) for n in range(6)]


def test_a_product_people_click_comes_first_and_one_they_ignore_drops_out(six):
    liked, ignored = six[0], six[1]
    for product in six[2:]:
        counted(product, WOMEN_30S, 2000, 40)  # 2%
    counted(liked, WOMEN_30S, 1000, 300)  # 30%
    counted(ignored, WOMEN_30S, 1000, 0)
    for shown in picks(WOMEN_30S):
        assert shown[0] == liked.pk and ignored.pk not in shown


def test_the_ranking_is_per_segment(six):
    for product in six:
        counted(product, WOMEN_30S, 2000, 40)
        counted(product, MEN_50S, 2000, 40)
    counted(six[0], WOMEN_30S, 1000, 300, days_ago=2)
    counted(six[5], MEN_50S, 1000, 300, days_ago=2)
    assert all(shown[0] == six[5].pk for shown in picks(MEN_50S))
    assert all(shown[0] == six[0].pk for shown in picks(WOMEN_30S))


def test_new_products_are_still_shown(six):
    for product in six[:4]:  # four products with a middling record fill the four places ...
        counted(product, WOMEN_30S, 2000, 40)
    new = {p.pk for p in six[4:]}  # ... yet the two without any count get shown to some results
    assert any(new & set(shown) for shown in picks(WOMEN_30S, n=40))


def test_the_same_result_gets_the_same_order(six):
    counted(six[2], WOMEN_30S, 100, 9)
    assert picks(WOMEN_30S, n=5) == picks(WOMEN_30S, n=5)


def test_todays_counts_do_not_reorder_todays_pages(six):
    before = picks(WOMEN_30S, n=10)
    counted(six[1], WOMEN_30S, 5000, 2000, days_ago=0)
    assert picks(WOMEN_30S, n=10) == before


def test_smoothing_pulls_few_impressions_toward_the_scalp_types_rate(six):
    counted(six[0], WOMEN_30S, 900, 90)  # the scalp type's rate: (90 + 1) / (900 + 1) ~ 10%
    counted(six[1], MEN_50S, 1, 1)  # one click from one impression
    counts = segment_counts(scalp_type="hair_loss", segment=MEN_50S)
    assert counts.prior_rate == pytest.approx(91 / 901)
    one_for_one = posterior_mean(counts.by_product[six[1].pk], prior_rate=counts.prior_rate, strength=50)
    assert one_for_one == pytest.approx((1 + 50 * 91 / 901) / 51)  # ~ 12%, not 100%
    assert posterior_mean(Counts(), prior_rate=counts.prior_rate, strength=50) == pytest.approx(91 / 901)


def test_counts_older_than_the_window_are_ignored(six, settings):
    settings.RANKING_WINDOW_DAYS = 28
    counted(six[0], WOMEN_30S, 1000, 300, days_ago=40)
    assert segment_counts(scalp_type="hair_loss", segment=WOMEN_30S).by_product == {}
