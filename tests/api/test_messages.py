import pytest
from django.utils import translation

from common import api_errors, ratelimit
from diagnosis import api, forms

MESSAGES = {f"{m.__name__}.{name}": value for m in (api, api_errors, forms, ratelimit)
            for name, value in vars(m).items() if name.startswith("ERROR_")}


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_api_message_has_a_korean_translation(name):
    with translation.override("en"):
        english = str(MESSAGES[name])
    with translation.override("ko"):
        korean = str(MESSAGES[name])
    assert korean != english


@pytest.mark.django_db
def test_field_errors_are_localized_too(client):
    body = client.get("/api/v1/stats", {"sex": "X", "age": "35"}, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert body["message"] == "보낸 값 중 올바르지 않은 것이 있습니다."
    assert body["fields"] == {"sex": ["다음 중 하나를 고르세요: 'M', 'F'."],
                              "age": ["10부터 70까지 10 단위로 입력하세요."]}
