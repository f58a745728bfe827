from django.contrib import admin
from django.urls import include, path, re_path

from common.api_errors import not_found as api_not_found
from scalpspectra.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stats/", include("stats.urls")),
    path("products/", include("products.urls")),
    path("hospitals/", include("hospitals.urls")),
    path("", include("ads.urls")),  # /go/... click counting, /ads/... advertiser reports
    path("", include("history.urls")),  # /history/... and /result/<id>/report.pdf
    path("", include("diagnosis.urls")),
]

handler400 = "common.views.bad_request"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
