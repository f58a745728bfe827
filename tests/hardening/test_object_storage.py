"""MEDIA_STORAGE=s3: kept photos live in a private bucket (a real S3 server on 127.0.0.1), are served only
through the site's access-checked views, and go with delete and purge."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diagnosis.models import Human
from diagnosis.retention import photos_purge
from tests.diagnosis.helpers import media_files, upload
from tests.hardening import s3


@pytest.fixture(scope="module")
def endpoint():
    with s3.moto_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, settings):
    name = f"photos-{uuid.uuid4().hex[:8]}"
    s3.client(endpoint).create_bucket(Bucket=name)
    settings.STORAGES = s3.s3_storages(endpoint, name)
    return name


@pytest.mark.django_db
class TestObjectStorage:
    def test_a_kept_photo_goes_to_the_bucket_and_not_to_the_disk(self, client, weights, endpoint, bucket):
        assert upload(client, keep_photo=True).status_code == 302
        human = Human.objects.get()
        assert s3.keys(endpoint, bucket) == [f"media/{human.photo.name}"]
        assert media_files() == []

    def test_the_photo_is_served_only_by_the_sites_own_view(self, client, weights, endpoint, bucket):
        upload(client, keep_photo=True)
        human = Human.objects.get()
        photo = client.get(reverse("history:photo", args=[human.public_id]))
        assert photo.status_code == 200 and b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
        assert Client().get(reverse("history:photo", args=[human.public_id])).status_code == 404
        page = client.get(reverse("diagnosis:result", args=[human.public_id])).content.decode()
        assert endpoint.split("//")[1] not in page and bucket not in page

    def test_the_bucket_refuses_anonymous_reads(self, client, weights, endpoint, bucket):
        import requests
        upload(client, keep_photo=True)
        key = s3.keys(endpoint, bucket)[0]
        assert requests.get(f"{endpoint}/{bucket}/{key}", timeout=10).status_code == 403

    def test_deleting_the_result_deletes_the_object(self, client, weights, endpoint, bucket,
                                                    django_capture_on_commit_callbacks):
        upload(client, keep_photo=True)
        human = Human.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("diagnosis:delete", args=[human.public_id]))
        assert s3.keys(endpoint, bucket) == []

    def test_purge_removes_expired_photos_and_orphans(self, client, weights, endpoint, bucket):
        upload(client, keep_photo=True)
        human = Human.objects.get()
        s3.client(endpoint).put_object(Bucket=bucket, Key="media/diagnoses/2020/01/stray.jpg", Body=b"x")
        report = photos_purge(now=timezone.now() + timedelta(days=365))
        assert (report.expired, report.orphans) == (1, 1)
        assert s3.keys(endpoint, bucket) == []
        human.refresh_from_db()
        assert human.photo.name == ""

    def test_an_unreachable_bucket_saves_nothing_and_says_so(self, client, weights, endpoint, settings):
        settings.STORAGES = s3.s3_storages(endpoint, "no-such-bucket")
        response = upload(client, keep_photo=True)
        assert response.status_code == 503
        assert Human.objects.count() == 0
