"""Korean or English names for the label objects in ml.labels (which has no Django import)."""

from django.utils.functional import lazy
from django.utils.translation import get_language


def local_name(obj) -> str:
    """obj.ko when the active language is Korean (the default), obj.en otherwise."""
    lang = get_language() or "ko"
    return obj.ko if lang.startswith("ko") else obj.en


lazy_local_name = lazy(local_name, str)
