"""Security headers: a strict Content-Security-Policy everywhere, and a clean `check --deploy` in production."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.hospitals.factories import make_hospital
from tests.hospitals.hira_files import YEOKSAM
from tests.stats.factories import make_group

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false", "DJANGO_REQUIRE_SECRET_KEY": "true", "DJANGO_ALLOWED_HOSTS": "scalpspectra.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://scalpspectra.example", "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_SSL_REDIRECT": "true", "DJANGO_SECURE_PROXY_SSL_HEADER": "true", "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true", "DJANGO_HSTS_PRELOAD": "true",
}


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.fixture
def full_result_page(client, settings):
    """A results page with every section filled: statistics bars, clinics and (if any) products."""
    settings.STATS_MIN_GROUP = 2
    human = make_group(3, sex="M", age=30)[0]
    make_hospital("Y", "역삼피부과", YEOKSAM, url="https://yeoksam.example.kr")
    url = reverse("diagnosis:result", kwargs={"public_id": human.public_id})
    return client.get(url, {"near_lat": YEOKSAM[0], "near_lon": YEOKSAM[1]})


@pytest.mark.django_db
class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", ["/", "/admin/login/", "/no-such-page/", "/hospitals/nearby/?lat=37.5&lon=127"])
    def test_every_page_allows_only_its_own_scripts_and_styles(self, client, weights, path):
        policy = directives(client.get(path))
        assert policy["default-src"] == policy["script-src"] == policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in str(policy) and "'unsafe-eval'" not in str(policy)

    def test_pages_carry_no_inline_script_style_or_handler(self, full_result_page):
        page = full_result_page.content.decode()
        assert 'class="stack"' in page and 'class="type-bar"' in page  # the statistics bars are there
        assert not re.search(r"\sstyle\s*=", page)
        assert not re.search(r"\son[a-z]+\s*=", page)
        for attrs in re.findall(r"<script([^>]*)>", page):
            assert "src=" in attrs or 'type="application/json"' in attrs, attrs

    def test_kakao_hosts_only_with_a_kakao_key(self, client, settings):
        settings.KAKAO_JS_KEY = ""
        assert "dapi.kakao.com" not in client.get("/")["Content-Security-Policy"]
        settings.KAKAO_JS_KEY = "test-key"
        policy = directives(client.get("/"))
        assert "dapi.kakao.com" in policy["script-src"] and "*.daumcdn.net" in policy["img-src"]

    def test_tableau_host_only_with_a_tableau_view(self, client, settings):
        settings.TABLEAU_VIEW_URL = ""
        assert "tableau" not in client.get("/")["Content-Security-Policy"]
        settings.TABLEAU_VIEW_URL = "https://public.tableau.com/views/ScalpSpectra/Demographics"
        policy = directives(client.get("/"))
        assert policy["frame-src"] == ["https://public.tableau.com"]
        assert "https://public.tableau.com" in policy["script-src"]

    def test_product_images_come_only_from_olive_young(self, client):
        assert directives(client.get("/"))["img-src"] == ["'self'", "image.oliveyoung.co.kr",
                                                          "static.oliveyoung.co.kr"]


def run_with_env(args: list[str], env: dict, tmp_path) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for Playwright
    env = {**inherited, "SCALPSPECTRA_VAR_DIR": str(tmp_path), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env}
    return subprocess.run([sys.executable, "manage.py", *args], env=env, capture_output=True, text=True,
                          cwd=django_settings.BASE_DIR, timeout=120)


def test_check_deploy_reports_nothing_with_the_documented_production_environment(tmp_path):
    done = run_with_env(["check", "--deploy"], PRODUCTION_ENV, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_https_settings_follow_the_environment(tmp_path):
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_PRELOAD)")
    done = run_with_env(["shell", "-c", code], PRODUCTION_ENV, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "31536000 True ('HTTP_X_FORWARDED_PROTO', 'https') True True"
    done = run_with_env(["shell", "-c", code], {}, tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "0 False None False False"
