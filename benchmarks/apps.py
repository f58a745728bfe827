from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The Django-side benchmark commands (`manage.py benchmark_*`) and their shared helpers: server start-up,
    test photos and timing figures. Nothing in the site imports it."""

    name = "benchmarks"
