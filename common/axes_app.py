"""django-axes under a localized name: its app label reads "관리자 로그인 시도" in the admin, not "AXES"."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Admin sign-in attempts")
