"""The Content-Security-Policy of every page: settings.CONTENT_SECURITY_POLICY ('self' only), widened for the
Kakao map and the Tableau view only while KAKAO_JS_KEY and TABLEAU_VIEW_URL are set."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from csp.constants import NONE
from csp.middleware import CSPMiddleware
from django.conf import settings

# The Maps SDK loader (dapi.kakao.com) pulls the SDK itself from t1.daumcdn.net; tiles and markers come
# from *.daumcdn.net; the geocoder (services library) calls dapi.kakao.com. No scheme: the SDK loads
# protocol-relative URLs, so these match the page's own scheme (https only on an https site).
KAKAO_HOSTS = {"script-src": ["dapi.kakao.com", "t1.daumcdn.net"],
               "img-src": ["*.daumcdn.net", "*.kakaocdn.net"],
               "connect-src": ["dapi.kakao.com"]}
TABLEAU_HOST = "https://public.tableau.com"  # the embedding API script (stats/_section.html)
TABLEAU_DIRECTIVES = ("script-src", "connect-src", "img-src", "frame-src")


def feature_hosts(*, kakao: bool, tableau_url: str) -> dict[str, list[str]]:
    """Extra sources per directive for the configured third-party features."""
    extra: dict[str, list[str]] = {}
    if kakao:
        for directive, hosts in KAKAO_HOSTS.items():
            extra.setdefault(directive, []).extend(hosts)
    if tableau_url:
        view_host = urlsplit(tableau_url).hostname
        hosts = sorted({TABLEAU_HOST, f"https://{view_host}" if view_host else TABLEAU_HOST})
        for directive in TABLEAU_DIRECTIVES:
            extra.setdefault(directive, []).extend(hosts)
    return extra


def widened_directives(base: dict[str, list[str]], extra: dict[str, list[str]]) -> dict[str, list[str]]:
    """The base directives with the extra sources appended ('none' dropped where sources are added)."""
    return {directive: [*(s for s in base.get(directive, []) if s != NONE), *hosts]
            for directive, hosts in extra.items()}


class FeatureCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; the feature hosts follow the current settings, not the ones at start-up."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        extra = feature_hosts(kakao=bool(settings.KAKAO_JS_KEY), tableau_url=settings.TABLEAU_VIEW_URL)
        if report_only or not extra:
            return parts
        widened = widened_directives(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], extra)
        return dataclasses.replace(parts, replace={**widened, **(parts.replace or {})})
