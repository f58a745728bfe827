import pytest
from django.urls import reverse

from stats.models import ReferenceRecord

pytestmark = pytest.mark.django_db


def test_reference_records_are_listed_read_only_in_the_admin(admin_client):
    ReferenceRecord.objects.create(source="AI Hub", image_id="0013_x_2_TH", sex="M", age=30, skin="normal",
                                   fine_dead_skin=0, excess_sebum=0, interfollicular_erythema=0,
                                   follicular_erythema=0, dandruff=0, hair_loss=0)
    response = admin_client.get(reverse("admin:stats_referencerecord_changelist"))
    assert response.status_code == 200 and "0013_x_2_TH" in response.content.decode()
    assert admin_client.get(reverse("admin:stats_referencerecord_add")).status_code == 403
