"""The privacy page says what issue 18 changed: who may delete, rounded statistics, logs without addresses."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_privacy_page_says_who_may_delete_a_result(client):
    html = client.get(reverse("diagnosis:privacy")).content.decode()
    assert "결과는 그 결과를 만든 기기(브라우저)에서만 삭제할 수 있습니다." in html and "삭제 토큰" in html
    assert "5명 단위로 반올림" in html and "서버의 기록(로그)에도 인터넷 주소(IP)나 위치는 남기지 않습니다." in html
