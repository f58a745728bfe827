"""A deleted result takes its cached PDFs with it, whichever way it is deleted."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from diagnosis.models import Human
from diagnosis.retention import photos_removed
from history.report_cache import forget_reports


@receiver(post_delete, sender=Human, dispatch_uid="history.forget_report_pdfs")
def forget_report_pdfs(sender, instance: Human, using: str, **kwargs) -> None:
    public_id = instance.public_id
    transaction.on_commit(lambda: forget_reports(public_id), using=using)


@receiver(photos_removed, dispatch_uid="history.forget_pdfs_with_purged_photos")
def forget_pdfs_with_purged_photos(sender, public_ids: list, **kwargs) -> None:
    for public_id in public_ids:
        forget_reports(public_id)
