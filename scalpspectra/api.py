"""Mounts each app's API router under /api/v1/ (schema at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from common.api_errors import install_error_handlers
from diagnosis.api import router as diagnoses
from diagnosis.models import AgeBand
from hospitals.api import router as clinics
from products.api import router as products
from stats.api import router as stats


class Utf8JSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # 탈모성, not \ud0c8\ubaa8\uc131 (as the error answers)


api = NinjaAPI(
    title="ScalpSpectra API", version="1", urls_namespace="api-v1",
    description="Grade a scalp photo on six symptoms and read what the results page shows, over JSON. "
                "Errors are JSON {code, message, fields?, detail?}; messages follow Accept-Language (ko, en).",
    # ninja's own template loads swagger-ui and its start-up script from our static files: no CDN, no inline script.
    renderer=Utf8JSON(),
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": True}),
)
AGES = sorted(AgeBand.values)
install_error_handlers(api, ranges={"age": (AGES[0], AGES[-1], AGES[1] - AGES[0])})
for router in (diagnoses, stats, products, clinics):
    api.add_router("/", router)
