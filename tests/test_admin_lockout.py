import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

LOGIN = "/admin/login/"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("reviewer", password="right-horse-battery", is_staff=True)


def login(client, password, *, username="reviewer", **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password="other-horse-battery", is_staff=True)


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

    def test_other_addresses_are_not_locked_for_other_names(self, client, staff, editor, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "wrong")
        assert login(client, "other-horse-battery", username="editor", REMOTE_ADDR="198.51.100.3").status_code == 302

    def test_twenty_failures_from_twenty_addresses_lock_the_username(self, client, staff, settings):
        for i in range(20):
            login(client, "wrong", REMOTE_ADDR=f"203.0.113.{i + 1}")
        assert login(client, "right-horse-battery", REMOTE_ADDR="198.51.100.3").status_code == 429
        assert login(client, "right-horse-battery").status_code == 429

    def test_a_locked_username_leaves_the_others_free(self, client, staff, editor, settings):
        for i in range(settings.AXES_FAILURE_LIMIT):
            login(client, "wrong", REMOTE_ADDR=f"203.0.113.{i + 1}")
        assert login(client, "other-horse-battery", username="editor", REMOTE_ADDR="198.51.100.3").status_code == 302

    def test_axes_log_lines_name_no_address(self, client, staff, settings, caplog):
        with caplog.at_level("INFO", logger="axes"):
            for _ in range(settings.AXES_FAILURE_LIMIT):
                login(client, "wrong", REMOTE_ADDR="203.0.113.77")
        assert "reviewer" in caplog.text and "203.0.113.77" not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["12345678", "password1", "reviewer1", "short"])
def test_weak_admin_passwords_are_refused(staff, password):
    from django.contrib.auth.forms import AdminPasswordChangeForm

    form = AdminPasswordChangeForm(staff, {"password1": password, "password2": password})
    assert not form.is_valid() and form.errors["password2"]
