"""manage.py purge_photos: photos past their date and files no row points to go; nothing else does."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from diagnosis.models import Human
from diagnosis.retention import photos_purge
from tests.diagnosis.helpers import age_file, human_with_photo, media_files


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_photos", *args, stdout=out)
    return out.getvalue()


def orphan(root: Path, name: str, *, old: bool = True) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind")
    if old:
        age_file(path)
    return path


@pytest.fixture
def media(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.mark.django_db
class TestPurgePhotos:
    def test_deletes_photos_past_their_date_and_keeps_the_grades(self, media):
        expired, current = human_with_photo(days_left=-1), human_with_photo(days_left=5)
        output = purge()
        expired.refresh_from_db()
        assert not expired.photo and expired.hair_loss is not None and expired.photo_consent
        assert media_files() == [current.photo.name]
        assert "1 expired photo" in output

    def test_deletes_photos_kept_without_consent(self, media):
        legacy = human_with_photo(days_left=None, consent=False)  # stored before consent existed
        purge()
        legacy.refresh_from_db()
        assert not legacy.photo and media_files() == []

    def test_deletes_unreferenced_files_and_the_folders_they_leave_empty(self, media):
        kept = human_with_photo()
        orphan(media, "diagnoses/2020/01/lost.jpg")
        orphan(media, "stray.txt")
        output = purge()
        assert media_files() == [kept.photo.name]
        assert not (media / "diagnoses/2020").exists() and media.is_dir()
        assert "2 unreferenced file(s), 2 empty folder(s)" in output

    def test_spares_fresh_files_of_uploads_still_being_saved(self, media):
        fresh = orphan(media, "diagnoses/2026/11/in-flight.jpg", old=False)
        purge()
        assert fresh.exists()

    def test_never_touches_anything_outside_media_root(self, media, tmp_path):
        outside = tmp_path / "elsewhere"
        orphan(outside, "precious.jpg")
        (media / "link-to-elsewhere").symlink_to(outside, target_is_directory=True)
        file_link = media / "link-to-file.jpg"
        file_link.symlink_to(outside / "precious.jpg")
        age_file(file_link)
        escaping = human_with_photo(days_left=-1)
        Human.objects.filter(pk=escaping.pk).update(photo="../elsewhere/precious.jpg")
        purge()
        assert (outside / "precious.jpg").read_bytes() == b"left behind"
        assert not file_link.is_symlink()  # the stray link inside MEDIA_ROOT goes, its target stays
        assert (media / "link-to-elsewhere").is_symlink()

    def test_is_idempotent(self, media):
        human_with_photo(days_left=-1)
        human_with_photo(days_left=3)
        orphan(media, "diagnoses/2020/01/lost.jpg")
        purge()
        after_first = media_files()
        assert "deleted: 0 expired photo(s), 0 unreferenced file(s), 0 empty folder(s)" in purge()
        assert media_files() == after_first

    def test_dry_run_counts_the_same_and_deletes_nothing(self, media):
        human_with_photo(days_left=-1)
        human_with_photo(days_left=3)
        orphan(media, "diagnoses/2020/01/lost.jpg")
        before = media_files()
        dry = photos_purge(dry_run=True)
        assert media_files() == before and Human.objects.exclude(photo="").count() == 2
        assert "would delete: 1 expired photo(s), 1 unreferenced file(s), 2 empty folder(s)" in purge("--dry-run")
        assert photos_purge() == dry

    def test_verbosity_zero_is_silent(self, media):
        human_with_photo(days_left=-1)
        assert purge("-v", "0") == ""
        assert media_files() == []

    def test_no_media_folder_yet_is_fine(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "never-created"
        assert "0 unreferenced file(s)" in purge()
