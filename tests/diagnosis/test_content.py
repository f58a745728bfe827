import pytest
from django.urls import reverse

from diagnosis.content import LANGUAGES, care_card, load_content
from ml.labels import SCALP_TYPES
from tests.stats.factories import make_human

TEXT_FIELDS = ("title", "summary", "doctor")
LIST_FIELDS = ("characteristics", "care")


@pytest.mark.parametrize("kind", [t.key for t in SCALP_TYPES])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_scalp_type_has_a_full_card_in_both_languages(kind, lang):
    text = load_content()["types"][kind][lang]
    assert all(text[f].strip() for f in TEXT_FIELDS)
    assert all(len(text[f]) >= 3 and all(item.strip() for item in text[f]) for f in LIST_FIELDS)


def test_content_covers_exactly_the_scalp_types_of_ml_labels():
    assert set(load_content()["types"]) == {t.key for t in SCALP_TYPES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_general_warning_signs_and_sources_exist_in_both_languages(lang):
    content = load_content()
    assert len(content["see_doctor"][lang]) >= 4 and content["sources"][lang]


def test_korean_cards_are_korean_and_english_cards_english():
    assert care_card(scalp_type="seborrheic", lang="ko").title == "지루성 두피"
    assert care_card(scalp_type="seborrheic", lang="en").title == "Seborrheic scalp"
    assert care_card(scalp_type="seborrheic", lang=None).title == "지루성 두피"  # Korean by default


@pytest.mark.django_db
def test_results_page_shows_the_care_card_with_a_visual_and_the_not_a_diagnosis_notice(client):
    human = make_human(grades={"value_2": 1, "value_3": 1})
    html = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
    assert 'data-scalp-type="seborrheic"' in html and "지루성 두피" in html
    assert "img/scalp/seborrheic.svg" in html
    assert "이 결과는 의학적 진단이 아닙니다." in html and "병원에 가야 할 때" in html
    assert 'id="see-doctor-now"' not in html


@pytest.mark.django_db
def test_a_severe_grade_or_pustules_prompt_a_visit_to_a_dermatologist(client):
    human = make_human(grades={"value_6": 3, "value_4": 2})
    client.cookies["django_language"] = "en"
    html = client.get(reverse("diagnosis:result", kwargs={"public_id": human.public_id})).content.decode()
    assert 'id="see-doctor-now"' in html and "Hair loss was graded &#x27;Severe&#x27;." not in html
    assert "Hair loss was graded 'Severe'." in html
    assert "Signs of follicular inflammation or pustules were found." in html
