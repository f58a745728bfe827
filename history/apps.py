from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "My results"

    def ready(self):
        from history import signals  # noqa: F401  (cached PDFs go with their result and its photo)
