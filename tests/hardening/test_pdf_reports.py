"""PDF reports are laid out once per result, language and photo state, forgotten with the result or its
photo, and limited per address like uploads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from diagnosis.retention import photos_purge
from history import reports
from history.report_cache import KEY_PREFIX
from history.views import ERROR_PDF_RATE_LIMITED
from tests.history.conftest import remember, with_kept_photo
from tests.stats.factories import make_human


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs were really laid out."""
    counted = []
    real = reports.render_pdf

    def counting(report, **kwargs):
        counted.append(report.template)
        return real(report, **kwargs)
    monkeypatch.setattr(reports, "render_pdf", counting)
    return counted


def _report(client, human, lang="ko"):
    return client.get(reverse("history:result_report", args=[human.public_id]), HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.django_db
class TestCache:
    def test_the_second_download_is_the_same_pdf_without_a_new_layout(self, client, renders):
        human = make_human()
        first, second = _report(client, human), _report(Client(), human)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert len(renders) == 1

    def test_each_language_and_photo_state_has_its_own_pdf(self, client, renders):
        human = with_kept_photo(make_human())
        remember(client, human)
        korean, english, stranger = _report(client, human), _report(client, human, "en"), _report(Client(), human)
        assert len({korean.content, english.content, stranger.content}) == 3
        assert len(renders) == 3

    def test_a_deleted_result_leaves_no_cached_pdf(self, client, renders, django_capture_on_commit_callbacks):
        human = make_human()
        _report(client, human)
        with django_capture_on_commit_callbacks(execute=True):
            human.delete()
        assert _report(client, human).status_code == 404
        assert not [key for key in _cached_keys() if str(human.public_id) in key]

    def test_a_purged_photo_is_no_longer_in_any_cached_pdf(self, client, renders):
        human = with_kept_photo(make_human())
        human.photo_consent = False  # due: kept without consent
        human.save()
        remember(client, human)
        _report(client, human)
        photos_purge()
        assert not [key for key in _cached_keys() if str(human.public_id) in key]


def _cached_keys() -> list[str]:
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        return [row[0] for row in cursor.fetchall() if KEY_PREFIX in row[0]]


@pytest.mark.django_db
def test_pdfs_are_limited_per_address_with_a_localized_page(client, settings):
    settings.PDF_RATE_LIMIT = "2/h"
    human = make_human()
    statuses = [_report(client, human).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    with override("ko"):
        assert escape(str(ERROR_PDF_RATE_LIMITED)) in _report(client, human).content.decode()
    assert Client(REMOTE_ADDR="203.0.113.9").get(
        reverse("history:result_report", args=[human.public_id])).status_code == 200
