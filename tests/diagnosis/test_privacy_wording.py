"""What the privacy texts say about who sees a kept photo matches what the site does (tests/history)."""

import pytest
from django.urls import reverse

from tests.history.conftest import with_kept_photo
from tests.stats.factories import make_human


@pytest.mark.django_db
def test_privacy_page_says_the_photo_is_seen_on_the_device_that_made_it_and_by_signed_in_staff(client):
    html = client.get(reverse("diagnosis:privacy")).content.decode()
    assert "결과를 만든 기기에서 본인(결과 비교 화면과 PDF 보고서)과, 로그인한 사이트 담당자만 볼 수 있습니다." in html
    assert "링크를 가진 다른 사람은 사진을 볼 수 없습니다." in html

    client.cookies["django_language"] = "en"
    html = client.get(reverse("diagnosis:privacy")).content.decode()
    assert "you, on the device that made the result" in html and "the site's staff, after signing in" in html


@pytest.mark.django_db
def test_results_page_says_who_can_see_the_kept_photo(client):
    human = with_kept_photo(make_human())
    html = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
    assert "사진은 이 결과를 만든 기기에서 본인(PDF 보고서 포함)과, 로그인한 사이트 담당자만 볼 수 있습니다." in html
