"""Two of my results side by side: what got better, what got worse, in words, colour and an icon."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from diagnosis.models import Human
from tests.factories import image_bytes, scalp_image
from tests.history.conftest import remember, with_kept_photo
from tests.stats.factories import make_human

COMPARE = reverse("history:compare")


def compare(client, a, b):
    return client.get(f"{COMPARE}?a={a.public_id}&b={b.public_id}")


def changes(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-symptom="(value_\d)" data-change="(\w+)"', html))


@pytest.mark.django_db
def test_changed_grades_are_marked_better_worse_or_same_in_words_colour_and_icon(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    response = compare(client, older, newer)
    assert response.status_code == 200
    html = response.content.decode()
    assert changes(html) == {"value_1": "better", "value_2": "same", "value_3": "same", "value_4": "same",
                             "value_5": "same", "value_6": "worse"}
    assert 'class="change-badge change-better"><span class="change-icon" aria-hidden="true">▼</span> 좋아짐' in html
    assert 'class="change-badge change-worse"><span class="change-icon" aria-hidden="true">▲</span> 나빠짐' in html
    assert "좋아짐: 1 · 변화 없음: 4 · 나빠짐: 1" in html
    assert html.index(f"{localtime(older.created_at):%Y-%m-%d %H:%M}") < html.index(
        f"{localtime(newer.created_at):%Y-%m-%d %H:%M}")  # the older result is on the left


@pytest.mark.django_db
def test_the_older_result_is_before_whichever_order_they_are_asked_in(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    assert changes(compare(client, newer, older).content.decode()) == changes(
        compare(client, older, newer).content.decode())


@pytest.mark.django_db
def test_shows_scalp_type_and_progression_of_each_and_the_probabilities(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    html = compare(client, older, newer).content.decode()
    assert "탈모성" in html and 'id="compare-caveats"' not in html  # both hair-loss type, both photos passed
    assert "진행도: 중등도 → 중증 (나빠짐)" in html
    assert html.count('<td class="chosen">70%</td>') == 12  # each side's chosen grade, six symptoms


@pytest.mark.django_db
def test_a_result_not_on_this_device_cannot_be_compared(client, two_results):
    older, newer = two_results
    remember(client, newer)
    assert compare(client, older, newer).status_code == 404
    assert compare(Client(), older, newer).status_code == 404
    assert client.get(f"{COMPARE}?a=not-an-id&b={newer.public_id}").status_code == 404
    assert client.get(COMPARE).status_code == 404


@pytest.mark.django_db
def test_the_same_result_twice_is_a_clear_400_not_a_comparison(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    for a, b in ((newer.public_id, newer.public_id), (newer.public_id, str(newer.public_id).upper())):
        response = client.get(f"{COMPARE}?a={a}&b={b}")
        assert response.status_code == 400
        html = response.content.decode()
        assert "비교할 결과를 서로 다른 두 개로 골라 주세요." in html and "data-change" not in html
        assert f'href="{reverse("history:list")}"' in html


@pytest.mark.django_db
def test_an_upper_case_id_of_a_result_on_this_device_is_the_same_result(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    response = client.get(f"{COMPARE}?a={str(older.public_id).upper()}&b={str(newer.public_id).upper()}")
    assert response.status_code == 200
    assert changes(response.content.decode()) == changes(compare(client, older, newer).content.decode())


@pytest.mark.django_db
def test_photos_appear_only_when_both_were_kept_with_consent_and_only_for_this_device(client, two_results):
    older, newer = two_results
    remember(client, newer, older)
    with_kept_photo(older)
    with_kept_photo(newer, consent=False)
    assert "compare-photos" not in compare(client, older, newer).content.decode()
    assert client.get(reverse("history:photo", kwargs={"public_id": newer.public_id})).status_code == 404

    newer.photo_consent = True
    newer.save()
    html = compare(client, older, newer).content.decode()
    photo_url = reverse("history:photo", kwargs={"public_id": older.public_id})
    assert f'src="{photo_url}"' in html
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert Client().get(photo_url).status_code == 404  # another browser
    staff_only = reverse("diagnosis:photo", kwargs={"pk": older.pk})
    assert client.get(staff_only).status_code == 302  # the reviewers' view still asks for a staff login


def _upload(client, seed):
    photo = SimpleUploadedFile("scalp.jpg", image_bytes(scalp_image(seed=seed)), "image/jpeg")
    return client.post(reverse("diagnosis:upload"), {"photo": photo, "sex": "M", "age": 40, "area": "crown"},
                       follow=True)


@pytest.mark.django_db
def test_results_page_offers_the_comparison_with_my_previous_result_once_there_is_one(client, weights):
    first = _upload(client, 0).content.decode()
    assert "이전 결과와 비교하기" not in first
    assert "PDF 보고서 내려받기" in first and "내 결과" in first
    second = _upload(client, 1).content.decode()
    older, newer = Human.objects.order_by("created_at")
    assert f"?a={older.public_id}&amp;b={newer.public_id}" in second
    assert "이전 결과와 비교하기" in second

    someone_else = Client().get(reverse("diagnosis:result", kwargs={"public_id": newer.public_id}))
    html = someone_else.content.decode()
    assert "이전 결과와 비교하기" not in html and "PDF 보고서 내려받기" in html


@pytest.mark.django_db
def test_the_list_links_each_result_to_the_one_before(client, two_results):
    older, newer = two_results
    third = make_human(grades={"value_6": 2})
    remember(client, third, newer, older)
    html = client.get(reverse("history:list")).content.decode()
    assert f"?a={newer.public_id}&amp;b={third.public_id}" in html
    assert f"?a={older.public_id}&amp;b={newer.public_id}" in html
    assert html.count("같은 부위의 이전 결과와 비교") == 2


@pytest.mark.django_db
def test_a_changed_scalp_type_another_area_or_a_flagged_photo_is_said_instead_of_better_or_worse(client):
    from datetime import timedelta

    older = make_human(grades={"value_1": 2}, data="synthetic")  # dry
    older.created_at -= timedelta(days=30)
    older.area = "crown"
    older.save()
    newer = make_human(grades={"value_6": 1}, data="synthetic")  # hair-loss type, another area, doubtful photo
    newer.area, newer.photo_check, newer.photo_check_flags = "hairline", "doubtful", "blurry"
    newer.save()
    remember(client, newer, older)
    html = compare(client, older, newer).content.decode()
    notes = html.split('id="compare-caveats"', 1)[1].split("</div>", 1)[0]
    assert "서로 다른 부위" in notes and "정수리" in notes and "앞머리선" in notes
    assert "두피 유형이 바뀌었" in notes and "나중 사진" in notes
    assert set(changes(html).values()) <= {"same", "changed"} and "좋아짐" not in html and "나빠짐" not in html
