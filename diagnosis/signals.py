"""A deleted diagnosis takes its photo file with it, whichever way it is deleted (the person's
button, the admin's delete or bulk "delete selected", a queryset.delete() in a shell)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from diagnosis.models import Human
from diagnosis.retention import photo_file_delete


@receiver(post_delete, sender=Human, dispatch_uid="diagnosis.delete_photo_file")
def delete_photo_file(sender, instance: Human, using: str, **kwargs) -> None:
    if not instance.photo:
        return
    storage, name = instance.photo.storage, instance.photo.name
    # Only once the row is really gone: a rolled-back delete must still find its photo.
    transaction.on_commit(lambda: photo_file_delete(storage, name), using=using)
