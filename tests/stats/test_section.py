import re

import pytest
from django.urls import reverse

from stats.models import ReferenceRecord
from tests.stats.factories import make_group, make_human

pytestmark = pytest.mark.django_db

TABLEAU = "https://public.tableau.com/views/ScalpSpectra/Demographics"


def _page(client, human, lang="ko"):
    client.cookies["django_language"] = lang
    return client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()


def test_says_there_is_not_enough_data_below_the_minimum_group(client, settings):
    settings.STATS_MIN_GROUP = 5
    make_group(4)
    html = _page(client, make_human())
    assert 'id="stats"' in html
    assert "아직 데이터가 충분하지 않습니다. 같은 성별·연령대에서 5명 이상" in html
    assert "나의 위치" not in html


def test_shows_distributions_and_where_the_user_stands(client):
    make_group(15, hair_loss=0)
    make_group(5, hair_loss=1)
    make_group(5, hair_loss=3)
    html = _page(client, make_human(grades={"value_6": 1}), lang="en")
    assert "Based on 25 diagnoses." in html
    assert "Your grade 'Mild' is higher than 60% of them; 20% have the same grade and 20% a higher one." in html
    assert re.search(r'class="yours" data-scalp-type="hair_loss">\s*<span class="type-name">Hair-loss '
                     r'<em class="you-badge">you</em>', html)


def test_korean_where_you_stand_sentence(client):
    make_group(15, hair_loss=0)
    make_group(10, hair_loss=2)
    html = _page(client, make_human(grades={"value_6": 2}))
    assert "'중등도' 등급으로 이 그룹의 60%보다 높습니다. 같은 등급은 40%, 더 높은 등급은 0%입니다." in html


def test_reference_data_is_labelled_with_its_source(client):
    for _ in range(5):
        ReferenceRecord.objects.create(source="AI Hub 유형별 두피 이미지", image_id=f"img{_}", sex="M", age=30,
                                       skin="normal", fine_dead_skin=0, excess_sebum=0, interfollicular_erythema=0,
                                       follicular_erythema=0, dandruff=0, hair_loss=0)
    html = _page(client, make_human())
    assert "참고 데이터: AI Hub 유형별 두피 이미지" in html
    assert 'data-stats-group="reference"' in html


def test_no_tableau_embed_without_the_setting(client, settings):
    settings.TABLEAU_VIEW_URL = ""
    html = _page(client, make_human())
    assert "tableau-viz" not in html and "public.tableau.com" not in html


def test_tableau_embed_filters_on_the_users_sex_and_age(client, settings):
    settings.TABLEAU_VIEW_URL = TABLEAU
    html = _page(client, make_human(sex="F", age=40))
    assert f'<tableau-viz id="tableau-viz" src="{TABLEAU}"' in html
    assert '<viz-filter field="sex" value="F"></viz-filter>' in html
    assert '<viz-filter field="age" value="40"></viz-filter>' in html
    assert ('<script type="module" src="https://public.tableau.com/javascripts/api/'
            'tableau.embedding.3.latest.min.js" data-tableau-api></script>') in html
    assert "Tableau 인터랙티브 보기를 불러오지 못했습니다" in html  # the message shown if it fails to load
