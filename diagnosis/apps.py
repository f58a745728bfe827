from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "diagnosis"
    verbose_name = _("Diagnoses")

    def ready(self):
        from diagnosis import signals  # noqa: F401  (connects the post_delete receiver)
