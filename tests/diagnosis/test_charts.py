import re

import pytest
from django.urls import reverse

from tests.stats.factories import make_human

pytestmark = pytest.mark.django_db


def _result_page(client, **grades):
    human = make_human(grades=grades)
    response = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def _card(html, key):
    match = re.search(rf'<article class="symptom-card ([^"]+)" data-symptom="{key}".*?</article>', html, re.S)
    assert match, f"no chart for {key}"
    return match.group(1), match.group(0)


def test_draws_one_svg_chart_per_symptom(client):
    html = _result_page(client)
    assert html.count('<svg class="chart"') == 6
    for i in range(1, 7):
        _card(html, f"value_{i}")


def test_a_severe_grade_gets_the_severe_colour_and_a_highlighted_bar(client):
    html = _result_page(client, value_6=3, value_2=1)
    severity, card = _card(html, "value_6")
    assert severity == "sev-3"
    assert card.count('class="bar sev-3 predicted"') == 1
    assert _card(html, "value_2")[0] == "sev-1"
    assert _card(html, "value_1")[0] == "sev-0"


def test_each_chart_has_a_text_alternative(client):
    html = _result_page(client, value_6=3)
    _, card = _card(html, "value_6")
    assert 'role="img"' in card and 'aria-labelledby="chart-value_6-title chart-value_6-desc"' in card
    assert "<title id=\"chart-value_6-title\">탈모: '중증' 등급</title>" in card
    desc = re.search(r'<desc id="chart-value_6-desc">(.*?)</desc>', card, re.S).group(1)
    assert "양호 10%" in desc and "중증 70%" in desc


def test_charts_speak_english_when_english_is_chosen(client):
    client.cookies["django_language"] = "en"
    html = _result_page(client, value_6=3)
    _, card = _card(html, "value_6")
    assert "Hair loss: graded 'Severe'" in card and "Severe 70%" in card


def test_bar_widths_follow_the_probabilities(client):
    html = _result_page(client, value_6=3)
    _, card = _card(html, "value_6")
    widths = re.findall(r'class="bar-fill"[^>]*width="([\d.]+)"', card)
    assert [float(w) for w in widths] == [17.8, 17.8, 17.8, 124.6]
