"""The PDF reports: A4, Korean or English following the page language, with a real Korean font."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from pypdf import PdfReader

from history import reports
from tests.history.conftest import remember, with_kept_photo
from tests.stats.factories import make_human

GRADES = {"value_1": 0, "value_2": 1, "value_3": 2, "value_4": 3}
A4 = (595, 842)


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="scalpspectra-')
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: PdfReader) -> set[str]:
    return {str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def get(client, url, lang):
    client.cookies["django_language"] = lang
    return client.get(url)


@pytest.mark.django_db
def test_result_report_in_korean_is_one_a4_page_with_grades_notices_and_a_korean_font(client):
    human = make_human(sex="F", age=40, grades=GRADES, data="synthetic")
    reader = pdf_of(get(client, reverse("history:result_report", args=[human.public_id]), "ko"))
    assert len(reader.pages) == 1
    assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == A4
    text = text_of(reader)
    for line in ("미세각질 양호", "피지과다 경증", "모낭사이홍반 중등도", "모낭홍반농포 중증"):
        assert line in text
    for words in ("두피 자가 점검 보고서", "여성", "40대", "복합성", "진행도", "사진 점검", "점검 안 함",
                  "부위 기록 없음", "관리법", "데모 모델", "합성 두피 이미지로만 학습한", "모델:", "합성 이미지(데모)",
                  "이 결과는 의학적 진단이 아닙니다."):
        assert words in text, words
    assert "70%" in text and "10%" in text
    assert "Noto-Sans-CJK-KR" in fonts_of(reader)


@pytest.mark.django_db
def test_result_report_in_english_follows_the_page_language(client):
    human = make_human(grades=GRADES, data="synthetic")
    text = text_of(pdf_of(get(client, reverse("history:result_report", args=[human.public_id]), "en")))
    for words in ("Scalp self-check report", "Fine dead skin Normal", "Excess sebum Mild",
                  "Interfollicular erythema Moderate", "Severe", "Male", "30s", "Demo model",
                  "This is not a medical diagnosis.", "Synthetic images (demo)"):
        assert words in text, words
    assert "양호" not in text


@pytest.mark.django_db
def test_result_report_from_real_weights_has_no_demo_notice(client):
    human = make_human(data="aihub")
    text = text_of(pdf_of(get(client, reverse("history:result_report", args=[human.public_id]), "ko")))
    assert "데모 모델" not in text and "AI Hub 두피 사진" in text


@pytest.mark.django_db
def test_result_report_shows_the_photo_only_when_kept_with_consent(client):
    kept = with_kept_photo(make_human())
    not_kept = with_kept_photo(make_human(), consent=False)
    remember(client, kept, not_kept)  # the device that made them
    url = "history:result_report"
    assert len(pdf_of(client.get(reverse(url, args=[kept.public_id]))).pages[0].images) == 1
    assert len(pdf_of(client.get(reverse(url, args=[not_kept.public_id]))).pages[0].images) == 0


@pytest.mark.django_db
def test_result_report_on_another_device_has_no_photo_like_the_photo_link(client):
    kept = with_kept_photo(make_human())
    remember(client, kept)
    someone_else = Client()
    reader = pdf_of(someone_else.get(reverse("history:result_report", args=[kept.public_id])))
    assert len(reader.pages[0].images) == 0
    assert someone_else.get(reverse("history:photo", args=[kept.public_id])).status_code == 404


@pytest.mark.django_db
def test_anyone_with_the_result_link_gets_its_report_and_a_deleted_result_has_none(client):
    human = make_human()
    url = reverse("history:result_report", args=[human.public_id])
    assert Client().get(url).status_code == 200
    human.delete()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("lang, words", [
    ("ko", ["내 두피의 변화", "결과 2개", "양호", "경증", "중등도", "중증", "항목별 변화: 부위 기록 없음",
            "결과별 등급(오래된 순)",
            "데모 모델", "이 결과는 의학적 진단이 아닙니다."]),
    ("en", ["My scalp over time", "2 results from this device", "Normal", "Mild", "Moderate", "Severe",
            "Each sign over time: Area not recorded", "Demo model", "This is not a medical diagnosis."]),
])
def test_history_report_has_every_result_of_this_device_as_a_trend_table(client, two_results, lang, words):
    older, newer = two_results
    remember(client, newer, older)
    make_human()  # someone else's
    reader = pdf_of(get(client, reverse("history:report"), lang))
    text = text_of(reader)
    for w in words:
        assert w in text, w
    assert f"{localtime(older.created_at):%Y-%m-%d}" in text  # a row of the trend table
    assert "Noto-Sans-CJK-KR" in fonts_of(reader)


@pytest.mark.django_db
def test_history_report_without_results_goes_back_to_the_empty_list(client):
    response = client.get(reverse("history:report"))
    assert response.status_code == 302 and response["Location"] == reverse("history:list")


def test_the_report_fetcher_serves_static_files_and_refuses_everything_else():
    fetcher = reports._fetcher_class()({})
    css = fetcher.fetch(reports.BASE_URL + "static/css/site.css")
    assert b"ScalpSpectra" in css.read()
    for url in ("https://example.com/tracker.png", "file:///etc/passwd", reports.BASE_URL + "static/../manage.py",
                reports.BASE_URL + "history/00000000-0000-0000-0000-000000000000/photo.jpg"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.django_db
def test_a_report_leaves_damaged_uploads_refused(client):
    """WeasyPrint switches on Pillow's LOAD_TRUNCATED_IMAGES when imported; reports must not leak that."""
    from PIL import ImageFile

    human = make_human()
    remember(client, human)
    pdf_of(get(client, reverse("history:result_report", kwargs={"public_id": human.public_id}), "ko"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


@pytest.mark.django_db
def test_result_report_names_the_area_the_flag_reasons_in_words_and_the_same_areas_trend(client):
    from datetime import timedelta

    from tests.history.conftest import remember

    older = make_human(grades={"value_6": 1})
    older.area, older.created_at = "crown", older.created_at - timedelta(days=20)
    older.save()
    other = make_human()
    other.area = "side"
    other.save()
    human = make_human(grades={"value_6": 2})
    human.area, human.photo_check, human.photo_check_flags = "crown", "doubtful", "unfamiliar blurry"
    human.save()
    remember(client, human, other, older)
    text = text_of(pdf_of(get(client, reverse("history:result_report", args=[human.public_id]), "ko")))
    assert "정수리" in text and "같은 부위(정수리)의 최근 결과" in text and "옆머리" not in text
    assert "사진이 흐립니다" in text or "초점" in text
    assert "unfamiliar" not in text and "blurry" not in text
