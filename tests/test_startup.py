import subprocess
import sys

from django.conf import settings

PROBE = """
import sys, django
django.setup()
import scalpspectra.urls  # what every request and manage.py's checks import
print(sorted(m for m in ("cv2", "torch", "torchvision") if m in sys.modules))
"""


def test_django_starts_without_importing_pytorch_or_opencv():
    """manage.py commands (migrate, load_hospitals, scrape_products) must not pay ~5 s for torch, nor OpenCV's
    0.3-0.8 s (settings read the photo check's thresholds)."""
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, capture_output=True, text=True,
                         env={"DJANGO_SETTINGS_MODULE": "scalpspectra.settings", "PATH": ""}, check=True)
    assert out.stdout.strip() == "[]"


def test_each_gunicorn_worker_loads_the_models_before_taking_traffic_and_says_it_is_ready(weights):
    from types import SimpleNamespace

    from ml.cache import model_cache
    from scalpspectra import gunicorn_conf

    model_cache.clear()
    messages = []
    log = SimpleNamespace(info=lambda msg, *args: messages.append(msg % args))
    gunicorn_conf.post_worker_init(SimpleNamespace(cfg=SimpleNamespace(bind=["127.0.0.1:8000"]), log=log))
    assert model_cache.loads == 6  # loaded: the first request finds them in memory
    assert messages and messages[0].startswith("ScalpSpectra is ready at http://127.0.0.1:8000")
