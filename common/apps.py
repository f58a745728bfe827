from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Site-wide pieces: error pages, security middleware and CSP, the upload handler, the per-address rate
    limit, the API's error shape and shared schemas, i18n and link helpers. It imports no other app."""

    name = "common"
