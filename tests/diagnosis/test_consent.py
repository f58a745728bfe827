"""Keeping the photo is opt-in: unticked it is graded in memory only; ticked it is kept for a while."""

from datetime import timedelta

import pytest
from django.core.files import uploadhandler
from django.urls import reverse
from django.utils import timezone, translation

from diagnosis.forms import KEEP_PHOTO_HELP, DiagnosisForm
from diagnosis.models import Human
from tests.diagnosis.helpers import media_files, upload
from tests.factories import image_bytes, scalp_image

UPLOAD = reverse("diagnosis:upload")


@pytest.mark.django_db
class TestKeepPhoto:
    def test_checkbox_is_offered_unticked_with_the_retention_period(self, client, weights, settings):
        settings.PHOTO_RETENTION_DAYS = 14
        html = client.get(UPLOAD).content.decode()
        box = html[html.index('name="keep_photo"') - 80:html.index('name="keep_photo"') + 80]
        assert 'type="checkbox"' in box and "checked" not in box
        assert "14일" in html
        assert DiagnosisForm().fields["keep_photo"].initial is False

    def test_unticked_photo_is_graded_but_never_written(self, client, weights):
        response = upload(client)
        human = Human.objects.get()
        assert response.status_code == 302
        assert not human.photo and human.photo.name == ""
        assert media_files() == []
        assert (human.photo_consent, human.photo_consent_at, human.photo_delete_after) == (False, None, None)
        assert human.hair_loss is not None and human.probabilities

    def test_ticked_photo_is_kept_with_consent_and_a_delete_date(self, client, weights, settings):
        settings.PHOTO_RETENTION_DAYS = 7
        upload(client, keep_photo=True)
        human = Human.objects.get()
        assert media_files() == [human.photo.name]
        assert human.photo_consent is True
        assert human.photo_consent_at == human.created_at
        assert human.photo_delete_after - human.photo_consent_at == timedelta(days=7)

    def test_large_upload_stays_in_memory_not_in_a_temporary_file(self, client, weights, settings, monkeypatch):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000  # Django's default handlers would spill to /tmp
        spilled = []
        real = uploadhandler.TemporaryUploadedFile

        def spy(*args, **kwargs):
            spilled.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", spy)
        data = image_bytes(scalp_image((900, 900)), quality=95)
        assert len(data) > 10 * settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        assert upload(client, data).status_code == 302
        assert spilled == [] and media_files() == []

    def test_upload_over_the_limit_still_says_too_large(self, client, weights, settings):
        settings.UPLOAD_MAX_BYTES = 20_000
        response = upload(client, image_bytes(scalp_image((900, 900)), quality=100))
        assert response.status_code == 400 and Human.objects.count() == 0
        assert "MB" in response.content.decode()


@pytest.mark.django_db
class TestNotice:
    def test_upload_page_says_what_happens_and_links_the_privacy_page(self, client, weights):
        html = client.get(UPLOAD).content.decode()
        assert 'id="privacy-notice"' in html
        assert f'href="{reverse("diagnosis:privacy")}"' in html
        with translation.override("ko"):
            assert str(KEEP_PHOTO_HELP) in html
        assert "삭제" in html[html.index('id="privacy-notice"'):]

    def test_notice_is_english_for_english_readers(self, client, weights):
        client.cookies["django_language"] = "en"
        html = client.get(UPLOAD).content.decode()
        assert "Your photo is graded and then discarded" in html
        assert "You can delete your result at any time" in html


@pytest.mark.django_db
class TestPrivacyPage:
    def test_says_what_why_how_long_who_and_how_to_delete_in_korean(self, client, settings):
        settings.PHOTO_RETENTION_DAYS = 45
        html = client.get(reverse("diagnosis:privacy")).content.decode()
        for section in ("stored", "why", "how-long", "who", "delete"):
            assert f'id="{section}"' in html
        assert "45일" in html and "개인정보" in html

    def test_in_english(self, client):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("diagnosis:privacy")).content.decode()
        assert "What is stored" in html and "How to delete it" in html and "30 days" in html

    def test_shows_the_operators_contact_only_when_set(self, client, settings):
        settings.PRIVACY_CONTACT = ""
        assert 'id="contact"' not in client.get(reverse("diagnosis:privacy")).content.decode()
        settings.PRIVACY_CONTACT = "privacy@scalp.example.kr"
        html = client.get(reverse("diagnosis:privacy")).content.decode()
        assert 'id="contact"' in html and 'href="mailto:privacy@scalp.example.kr"' in html

    def test_names_third_parties_only_when_they_are_switched_on(self, client, settings):
        settings.KAKAO_JS_KEY, settings.TABLEAU_VIEW_URL = "", ""
        client.cookies["django_language"] = "en"
        assert "Kakao" not in client.get(reverse("diagnosis:privacy")).content.decode()
        settings.KAKAO_JS_KEY = "key"
        assert "Kakao" in client.get(reverse("diagnosis:privacy")).content.decode()

    def test_every_page_links_it(self, client):
        assert reverse("diagnosis:privacy") in client.get("/no-such-page/").content.decode()


@pytest.mark.django_db
class TestResultsPageSaysWhatIsKept:
    def test_kept_photo_and_its_delete_date(self, client, weights):
        client.cookies["django_language"] = "en"
        location = upload(client, keep_photo=True)["Location"]
        human = Human.objects.get()
        html = client.get(location).content.decode()
        assert "Your photo is kept" in html
        assert f"until {timezone.localtime(human.photo_delete_after):%Y-%m-%d}" in html

    def test_discarded_photo(self, client, weights):
        client.cookies["django_language"] = "en"
        html = client.get(upload(client)["Location"]).content.decode()
        assert "Your photo was not kept" in html
