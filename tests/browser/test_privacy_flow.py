"""Keep the photo, see until when, then delete the result with its photo, in a real browser (phone)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from diagnosis.models import Human
from tests.browser.conftest import PHONE
from tests.diagnosis.helpers import media_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_keeps_the_photo_then_deletes_the_result(open_page, live_server, weights, photo, artifacts):
    page = open_page(device=PHONE)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="확인했어요").click()
    keep = page.get_by_role("checkbox")
    expect(keep).not_to_be_checked()
    expect(page.locator("#privacy-notice a")).to_have_attribute("href", "/privacy/")
    page.set_input_files("#id_photo", str(photo))
    page.check("input[name=sex][value=F]")
    page.select_option("#id_age", "40")
    page.check("input[name=area][value=crown]")
    keep.check()
    page.screenshot(path=artifacts / "upload-consent-phone-ko.png", full_page=True)
    page.get_by_role("button", name="사진 분석하기").click()
    page.wait_for_url(re.compile(r"/result/[0-9a-f-]+/$"))
    result_url = page.url
    human = Human.objects.get()
    assert human.photo_consent and human.photo
    expect(page.locator("#photo-status")).to_contain_text(f"{timezone.localtime(human.photo_delete_after):%Y-%m-%d}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="내 결과 삭제하기").click()
    page.screenshot(path=artifacts / "delete-confirm-phone-ko.png", full_page=True)
    page.get_by_role("button", name="영구 삭제").click()
    expect(page.locator("#deleted")).to_be_visible()
    assert not Human.objects.exists() and media_files() == []
    assert page.goto(result_url).status == 404
    expect(page.locator("#maybe-deleted")).to_be_visible()


def test_privacy_page_fits_a_phone(open_page, live_server, artifacts):
    page = open_page(device=PHONE)
    page.goto(live_server.url + "/privacy/")
    expect(page.locator("h1")).to_have_text("개인정보 처리 안내")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "privacy-phone-ko.png", full_page=True)
