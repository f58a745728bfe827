import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

LOGIN = "/admin/login/"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("reviewer", password="right-horse-battery", is_staff=True)


def login(client, password, **extra):
    return client.post(LOGIN, {"username": "reviewer", "password": password, "next": "/admin/"}, **extra)


@pytest.mark.django_db
class TestAdminLockout:
    def test_after_five_failures_even_the_right_password_is_refused_with_a_korean_notice(self, client, staff,
                                                                                        settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert login(client, "wrong").status_code == 200  # the admin form again, with its error
        locked = login(client, "wrong")
        assert locked.status_code == 429
        assert login(client, "right-horse-battery").status_code == 429
        html = locked.content.decode()
        assert 'id="login-locked"' in html
        with translation.override("ko"):
            assert "로그인에 너무 많이 실패했습니다" in html and "60분" in html

    def test_a_right_password_before_the_limit_signs_in(self, client, staff, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, "wrong")
        assert login(client, "right-horse-battery").status_code == 302

    def test_other_addresses_are_not_locked(self, client, staff, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "wrong")
        assert login(client, "right-horse-battery", REMOTE_ADDR="198.51.100.3").status_code == 302
