"""Trend charts: one accessible SVG per symptom with a table alternative; and the report benchmark runs."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import localtime

from tests.history.conftest import remember
from tests.stats.factories import make_human


@pytest.mark.django_db
def test_each_symptom_chart_is_an_image_with_a_title_a_description_and_a_table_alternative(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    html = client.get(reverse("history:list")).content.decode()
    chart = re.search(r'<figure class="trend-card" data-symptom="value_6">.*?</figure>', html, re.S).group(0)
    assert 'role="img"' in chart and 'aria-labelledby="trend-value_6-title trend-value_6-desc"' in chart
    assert "탈모: 시간에 따른 등급" in chart
    before, after = (f"{localtime(h.created_at):%Y-%m-%d %H:%M}" for h in (older, newer))
    assert f"가장 오래된 결과부터 최신 결과까지: {before} 중등도, {after} 중증." in chart
    ys = [int(y) for y in re.findall(r'<circle class="trend-point [^"]+" cx="[\d.]+" cy="(\d+)"', chart)]
    assert ys[0] > ys[1]  # severe is drawn higher than normal
    assert "<polyline" in chart
    table = re.search(r'<table class="grades trend-table">.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>.*?</tr>", table.split("<tbody>")[1], re.S)
    assert len(rows) == 2 and "중증" in rows[1] and "중등도" in rows[0]  # oldest first


@pytest.mark.django_db
def test_a_single_result_is_a_point_without_a_line(client):
    remember(client, make_human())
    html = client.get(reverse("history:list")).content.decode()
    assert html.count('class="trend-point') == 6 and "<polyline" not in html
    assert "바로 전 결과와 비교" not in html and "두 결과 비교하기" not in html


@pytest.mark.django_db
def test_benchmark_reports_prints_the_time_of_each_kind_of_report_and_keeps_nothing():
    from diagnosis.models import Human

    out = io.StringIO()
    call_command("benchmark_reports", "--runs", "1", "--results", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == [
        "result report (ko, photo)", "history report (ko, 2 results)",
        "result report (en, photo)", "history report (en, 2 results)"]
    assert all(re.search(r"median \d+ ms \(CPU \d+ ms\)", line) for line in lines[1:])
    assert not Human.objects.exists()


@pytest.mark.django_db
def test_trends_are_drawn_per_area_and_a_flagged_photo_is_a_hollow_marker_with_its_reason(client):
    crown, hairline, flagged = make_human(), make_human(), make_human(grades={"value_6": 1})
    crown.area, hairline.area = "crown", "hairline"
    flagged.area, flagged.photo_check, flagged.photo_check_flags = "crown", "doubtful", "dark"
    for human in (crown, hairline, flagged):
        human.save()
    remember(client, flagged, hairline, crown)
    html = client.get(reverse("history:list")).content.decode()
    sections = re.findall(r'<section [^>]*data-area="(\w+)" class="area-trend">(.*?)</section>', html, re.S)
    assert [area for area, _ in sections] == ["crown", "hairline"]
    crown_html = dict(sections)["crown"]
    assert crown_html.count('class="trend-point sev-1 flagged"') == 1 and "사진이 너무 어둡습니다" in crown_html
    assert "flagged" not in dict(sections)["hairline"]
