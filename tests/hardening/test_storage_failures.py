"""A kept photo that cannot be written (full disk, read-only storage) loses nothing the person typed, saves
nothing, leaves no fragment, and says why in their language; the same form then works without keeping it."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils.html import escape

from diagnosis.models import Human
from diagnosis.photo_storage import ERROR_STORAGE_FULL, ERROR_STORAGE_UNAVAILABLE
from tests.diagnosis.helpers import media_files, upload
from tests.factories import image_bytes, scalp_image

API = "/api/v1/diagnoses"


class HalfWritingStorage(FileSystemStorage):
    """Writes the first 4 KB of a file, then fails as a full (ENOSPC) or read-only (EROFS) disk would."""

    failure = errno.ENOSPC

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.failure == errno.ENOSPC:
            path.write_bytes(content.read()[:4096])
        raise OSError(self.failure, os.strerror(self.failure), str(path))


@pytest.fixture
def failing_storage(settings, monkeypatch):
    def use(failure: int):
        storage = HalfWritingStorage(location=settings.MEDIA_ROOT)
        storage.failure = failure
        monkeypatch.setattr(Human._meta.get_field("photo"), "storage", storage)
        return storage
    return use


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def real_disk(settings, tmp_path, monkeypatch):
    """A real tiny (64 KB) or read-only tmpfs as the media folder; skipped where mounting is not allowed."""
    mounted = []

    def use(options: str):
        root = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
        if not _mount_tmpfs(root, options):
            pytest.skip("mounting a tmpfs needs root with CAP_SYS_ADMIN; the simulated storage tests cover this")
        mounted.append(root)
        settings.MEDIA_ROOT = root
        monkeypatch.setattr(Human._meta.get_field("photo"), "storage", FileSystemStorage(location=root))
        return root
    yield use
    for root in mounted:
        subprocess.run(["umount", str(root)], check=False)


def _large_photo() -> bytes:
    return image_bytes(scalp_image(size=(1600, 1600)))


def _assert_form_kept_without_photo(response, message):
    html = response.content.decode()
    assert escape(str(message)) in html
    assert re.search(r'<input type="radio" name="sex" value="M"[^>]*checked', html)
    assert '<option value="40" selected>' in html
    keep = html[html.index('name="keep_photo"') - 80:html.index('name="keep_photo"') + 80]
    assert "checked" not in keep


@pytest.mark.django_db
class TestFullDisk:
    def test_full_disk_keeps_the_form_saves_nothing_and_leaves_no_fragment(self, client, weights, failing_storage):
        failing_storage(errno.ENOSPC)
        response = upload(client, _large_photo(), keep_photo=True, sex="M", age=40)
        assert response.status_code == 507
        _assert_form_kept_without_photo(response, ERROR_STORAGE_FULL)
        assert Human.objects.count() == 0
        assert media_files() == []

    def test_the_same_form_without_keeping_the_photo_then_works(self, client, weights, failing_storage):
        failing_storage(errno.ENOSPC)
        upload(client, keep_photo=True, sex="M", age=40)
        response = upload(client, sex="M", age=40)
        assert response.status_code == 302
        assert Human.objects.get().photo.name == ""

    def test_message_is_korean_by_default_and_english_on_request(self, client, weights, failing_storage):
        failing_storage(errno.ENOSPC)
        korean = upload(client, keep_photo=True).content.decode()
        assert "저장 공간" in korean
        client.cookies["django_language"] = "en"
        assert "storage is full" in upload(client, keep_photo=True).content.decode()

    def test_api_answers_507_with_its_own_code(self, client, weights, failing_storage):
        failing_storage(errno.ENOSPC)
        response = client.post(API, {"photo": _photo_file(), "sex": "F", "age": 30, "area": "crown",
                                   "keep_photo": "true"})
        assert response.status_code == 507
        assert response.json()["code"] == "storage_full"
        assert Human.objects.count() == 0 and media_files() == []

    def test_on_a_real_full_filesystem_nothing_is_left(self, client, weights, real_disk):
        root = real_disk("size=64k")
        (root / "filler").write_bytes(b"\0" * 40 * 1024)  # leaves less room than the kept copy needs
        response = upload(client, _large_photo(), keep_photo=True, sex="M", age=40)
        assert response.status_code == 507
        assert Human.objects.count() == 0
        assert sorted(p.name for p in root.rglob("*") if p.is_file()) == ["filler"]


@pytest.mark.django_db
class TestReadOnlyStorage:
    def test_read_only_storage_says_so_and_keeps_the_form(self, client, weights, failing_storage):
        failing_storage(errno.EROFS)
        response = upload(client, keep_photo=True, sex="M", age=40)
        assert response.status_code == 503
        _assert_form_kept_without_photo(response, ERROR_STORAGE_UNAVAILABLE)
        assert Human.objects.count() == 0 and media_files() == []

    def test_api_answers_503_storage_unavailable(self, client, weights, failing_storage):
        failing_storage(errno.EACCES)
        response = client.post(API, {"photo": _photo_file(), "sex": "F", "age": 30, "area": "crown",
                                   "keep_photo": "true"})
        assert (response.status_code, response.json()["code"]) == (503, "storage_unavailable")

    def test_on_a_real_read_only_filesystem(self, client, weights, real_disk):
        real_disk("size=1m,ro")
        response = upload(client, keep_photo=True)
        assert response.status_code == 503
        assert Human.objects.count() == 0


@pytest.mark.django_db
class TestNothingHalfWritten:
    def test_a_row_that_cannot_be_saved_takes_its_photo_with_it(self, client, weights, monkeypatch):
        def broken_save(self, *args, **kwargs):
            raise RuntimeError("the database went away")
        monkeypatch.setattr(Human, "save", broken_save)
        client.raise_request_exception = False
        response = upload(client, keep_photo=True)
        assert response.status_code == 500
        assert media_files() == []

    def test_a_kept_photo_lives_only_under_its_final_name(self, client, weights):
        upload(client, keep_photo=True)
        human = Human.objects.get()
        assert media_files() == [human.photo.name]
        assert not any(".partial-" in name for name in media_files())


def _photo_file():
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile("scalp.jpg", image_bytes(), "image/jpeg")
