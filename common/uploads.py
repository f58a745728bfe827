"""Uploads stay in memory: a photo nobody consented to keep must never touch the disk, not even as
Django's temporary upload file (its default for anything over FILE_UPLOAD_MAX_MEMORY_SIZE)."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Holds at most UPLOAD_MAX_BYTES (+1, to tell "too large") of file data per request in memory.

    Data past that budget is counted but dropped, so the form still sees the real size and answers
    "larger than the limit" instead of reading a huge body into memory or onto disk.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        self.size = 0
        self.budget = getattr(self, "budget", settings.UPLOAD_MAX_BYTES + 1)

    def receive_data_chunk(self, raw_data: bytes, start: int):
        keep = raw_data[:max(self.budget, 0)]
        self.file.write(keep)
        self.budget -= len(keep)
        self.size += len(raw_data)
        return None  # no later handler: this one owns the data

    def file_complete(self, file_size: int):
        self.file.seek(0)
        return InMemoryUploadedFile(file=self.file, field_name=self.field_name, name=self.file_name,
                                    content_type=self.content_type, size=self.size,
                                    charset=self.charset, content_type_extra=self.content_type_extra)
