import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnosis.models import Human
from tests.factories import image_bytes


@pytest.fixture
def diagnosed(client, weights):
    client.post(reverse("diagnosis:upload"), {
        "photo": SimpleUploadedFile("s.jpg", image_bytes(), "image/jpeg"), "sex": "M", "age": 40, "area": "crown",
        "keep_photo": "on"})
    return Human.objects.get()


@pytest.mark.django_db
def test_changelist_renders_with_filters(admin_client, diagnosed):
    response = admin_client.get(reverse("admin:diagnosis_human_changelist"), {"sex__exact": "M", "age__exact": 40})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"#{diagnosed.pk}" in html or f">{diagnosed.pk}<" in html
    for param in ("sex__exact", "age__exact", "skin__exact", "pred__exact", "created_at__gte"):
        assert param in html


@pytest.mark.django_db
def test_changelist_search_and_filter_exclude_other_rows(admin_client, diagnosed):
    response = admin_client.get(reverse("admin:diagnosis_human_changelist"), {"sex__exact": "F"})
    assert response.context["cl"].result_count == 0


@pytest.mark.django_db
def test_detail_is_read_only_and_shows_photo_probabilities_and_weights(admin_client, diagnosed):
    response = admin_client.get(reverse("admin:diagnosis_human_change", args=[diagnosed.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="_save"' not in html
    assert reverse("diagnosis:photo", args=[diagnosed.pk]) in html
    assert "value_6.pt" in html and "synthetic" in html


@pytest.mark.django_db
def test_photo_is_for_staff_only(client, admin_client, diagnosed):
    url = reverse("diagnosis:photo", args=[diagnosed.pk])
    assert client.get(url).status_code == 302  # to the admin login
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_admin_cannot_add_diagnoses(admin_client):
    assert admin_client.get(reverse("admin:diagnosis_human_add")).status_code == 403


@pytest.mark.django_db
def test_list_and_detail_show_consent_and_delete_date(admin_client, diagnosed):
    changelist = admin_client.get(reverse("admin:diagnosis_human_changelist"), {"photo_consent__exact": 1})
    assert changelist.context["cl"].result_count == 1
    assert "photo_consent__exact" in changelist.content.decode()
    assert admin_client.get(reverse("admin:diagnosis_human_changelist"),
                            {"photo_consent__exact": 0}).context["cl"].result_count == 0
    detail = admin_client.get(reverse("admin:diagnosis_human_change", args=[diagnosed.pk])).content.decode()
    assert "field-photo_delete_after" in detail and "field-photo_consent_at" in detail


@pytest.mark.django_db
def test_admin_speaks_korean_names_the_area_and_shows_scores_as_a_table(admin_client, diagnosed):
    admin_client.cookies["django_language"] = "ko"
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "관리자 로그인 시도" in index and "접근 시도" in index and "Access attempts" not in index
    html = admin_client.get(reverse("admin:diagnosis_human_change", args=[diagnosed.pk])).content.decode()
    assert "정수리" in html and "선명도" in html and "<table><tr><th>" in html
    assert '{"quality"' not in html and "python -m ml.train" in html
    assert str(diagnosed) == f"#{diagnosed.pk} 남성 40대 {diagnosed.get_skin_display()}"
