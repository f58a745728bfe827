"""The API's one error shape and the handlers that turn every failure into it.

Every error answer is JSON: {"code": stable string, "message": localized sentence, "fields": {...}
(per-field messages, when fields were wrong), "detail": ... (extra data, e.g. photo-check reasons)}.
Messages follow the request's language (LocaleMiddleware: Accept-Language, or the language cookie).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError

from common.busy import ERROR_BUSY, database_busy

logger = logging.getLogger(__name__)

ERROR_INVALID = _("Some of the values sent are not valid.")
ERROR_REQUIRED = _("This field is required.")
ERROR_NUMBER = _("Enter a number.")
ERROR_VALUE = _("This value is not valid.")
ERROR_CHOICE = _("Choose one of: %(choices)s.")
ERROR_RANGE = _("Enter a value from %(min)s to %(max)s, in steps of %(step)s.")
ERROR_NOT_FOUND = _("Nothing was found at this address.")
ERROR_BAD_REQUEST = _("The request could not be read.")
ERROR_BODY_TOO_LARGE = _("The request is too large.")
ERROR_INTERNAL = _("Something went wrong on our side. Please try again later.")


class ErrorOut(Schema):
    code: str = Field(description="Stable, machine-readable error code.", examples=["too_large"])
    message: str = Field(description="What went wrong, in the request's language (Accept-Language).",
                         examples=["사진이 80 MB보다 큽니다. 더 작은 사진을 올려 주세요."])
    fields: dict[str, list[str]] | None = Field(None, description="Messages per input field, when fields were wrong.",
                                                examples=[{"age": ["Select a valid choice."]}])
    detail: Any = Field(None, description="Extra data for some codes (e.g. photo-check reasons, weights problems).")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message, *, fields: dict | None = None, detail: Any = None):
        self.status, self.code, self.message, self.fields, self.detail = status, code, message, fields, detail
        super().__init__(code)


def error_response(status: int, code: str, message, *, fields: dict | None = None, detail: Any = None) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = {name: [str(m) for m in messages] for name, messages in fields.items()}
    if detail is not None:
        body["detail"] = detail
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _field_message(error: dict, ranges: dict[str, tuple[int, int, int]]):
    """A localized sentence for one of pydantic's error types (its own messages are English only)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return ERROR_REQUIRED
    if kind == "literal_error":
        return ERROR_CHOICE % {"choices": str(ctx.get("expected", "")).replace(" or ", ", ")}  # no English "or"
    if kind in {"int_parsing", "float_parsing", "int_from_float", "finite_number"}:
        return ERROR_NUMBER
    if kind in {"greater_than_equal", "less_than_equal", "multiple_of"} and error["loc"][-1] in ranges:
        low, high, step = ranges[error["loc"][-1]]
        return ERROR_RANGE % {"min": low, "max": high, "step": step}
    return ERROR_VALUE


def _validation_error(request, exc: ValidationError, ranges: dict[str, tuple[int, int, int]]) -> JsonResponse:
    if any(error["loc"][0] == "path" for error in exc.errors):
        return error_response(404, "not_found", ERROR_NOT_FOUND)
    fields: dict[str, list] = {}
    for error in exc.errors:
        fields.setdefault(str(error["loc"][-1]), []).append(_field_message(error, ranges))
    return error_response(400, "invalid", ERROR_INVALID, fields=fields)


def _exception(request, exc: Exception) -> JsonResponse:
    if isinstance(exc, ApiError):
        return error_response(exc.status, exc.code, exc.message, fields=exc.fields, detail=exc.detail)
    if isinstance(exc, Http404):
        return error_response(404, "not_found", ERROR_NOT_FOUND)
    if isinstance(exc, RequestDataTooBig):
        return error_response(413, "too_large", ERROR_BODY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation | MultiPartParserError | UnreadablePostError):
        return error_response(400, "bad_request", ERROR_BAD_REQUEST)
    if isinstance(exc, HttpError):  # ninja's own, e.g. a body it cannot parse
        code = "not_found" if exc.status_code == 404 else "bad_request"
        return error_response(exc.status_code, code, ERROR_NOT_FOUND if code == "not_found" else ERROR_BAD_REQUEST)
    if database_busy(exc):
        return error_response(503, "busy", ERROR_BUSY)
    logger.exception("API request failed: %s %s", request.method, request.path)
    return error_response(500, "internal_error", ERROR_INTERNAL)


def install_error_handlers(api, *, ranges: dict[str, tuple[int, int, int]] | None = None) -> None:
    """Every exception an API view can raise answers in the error shape; none reaches Django's HTML 500.
    ranges: field name -> (min, max, step), for the message of a number out of its range (e.g. the age band)."""
    api.add_exception_handler(ValidationError, functools.partial(_validation_error, ranges=ranges or {}))
    for kind in (Exception, Http404, HttpError):  # replaces ninja's defaults (text details, Django's HTML 500)
        api.add_exception_handler(kind, _exception)


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return error_response(404, "not_found", ERROR_NOT_FOUND)
