"""/api/v1/diagnoses: grade a photo, read a diagnosis, delete it. The same form, service and limits as the site."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Header, Path, Router, Status
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from common.api_errors import ERROR_INVALID, ApiError, ErrorOut
from common.api_schemas import EXAMPLE_ID
from common.caching import private_no_store
from common.ratelimit import ERROR_RATE_LIMITED, upload_allowed
from diagnosis.api_schemas import (
    ERROR_NOT_SCALP,
    ERROR_PHOTO_REFUSED,
    ERROR_WEIGHTS,
    UPLOAD_BODY,
    CreatedOut,
    DiagnosisOut,
    diagnosis_out,
)
from diagnosis.delete_tokens import delete_token_valid
from diagnosis.forms import DiagnosisForm
from diagnosis.models import Human
from diagnosis.photo_storage import PhotoNotStored
from diagnosis.selectors import decode_side, human_find, weights_problems
from diagnosis.services import PhotoRefused, diagnosis_create, diagnosis_delete
from ml.cache import WeightsUnavailable

router = Router(tags=["diagnoses"])

ERROR_NOT_FOUND = _("No diagnosis has this id. It may have been deleted.")
ERROR_DELETE_TOKEN = _("Deleting a diagnosis needs its delete token, answered once when it was made "
                       "(send it in the X-Delete-Token header). Its id alone only lets you read it.")

# The form's error code for the photo -> (API code, HTTP status). Anything else is 400 "invalid".
PHOTO_ERRORS = {
    "empty": ("empty_file", 400),
    "too_large": ("too_large", 413),
    "too_many_pixels": ("too_many_pixels", 413),
    "not_an_image": ("not_an_image", 415),
    "unsupported_format": ("unsupported_format", 415),
    "truncated": ("truncated", 422),
    "too_small": ("too_small", 422),
    "bad_aspect": ("bad_aspect", 422),
}
UPLOAD_ERRORS = frozenset({400, 413, 415, 422, 429, 503, 507})


def _form_error(form: DiagnosisForm) -> ApiError:
    fields = {name: list(messages) for name, messages in form.errors.items()}
    for error, message in zip(form.errors.as_data().get("photo", []), form.errors.get("photo", []), strict=True):
        if error.code in PHOTO_ERRORS:
            code, status = PHOTO_ERRORS[error.code]
            return ApiError(status, code, message, fields=fields)
    return ApiError(400, "invalid", ERROR_INVALID, fields=fields)


def _weights_error(problems) -> ApiError:
    # File names only: the server's absolute paths are for logs and staff.
    detail = [{"symptom": p.symptom, "file": p.path.rsplit("/", 1)[-1], "reason": p.reason} for p in problems]
    return ApiError(503, "weights_unavailable", ERROR_WEIGHTS, detail=detail)


def _refused_error(check) -> ApiError:
    """422 with the photo check's outcome, reason codes and measurements (ml.photo_check.PhotoCheck);
    its own code "not_scalp" when the photo is not a scalp (grade_anyway cannot help)."""
    if check.final:
        return ApiError(422, "not_scalp", ERROR_NOT_SCALP, detail=check.as_dict())
    return ApiError(422, "photo_refused", ERROR_PHOTO_REFUSED, detail=check.as_dict())


@router.post("/diagnoses", response={201: CreatedOut, UPLOAD_ERRORS: ErrorOut}, operation_id="diagnosis_create",
             summary="Grade a scalp photo", openapi_extra=UPLOAD_BODY)
@decorate_view(private_no_store)
def create(request):
    """Upload a photo (multipart) with sex and age band; answers the six grades, scalp type and progression.

    The answer also holds `delete_token`, given this once only: keep it to delete the diagnosis later.

    Errors: 400 invalid fields or empty file, 413 too large (bytes or pixels), 415 not an image or an
    unsupported format, 422 truncated / too small / too long and narrow / refused by the photo check,
    429 too many uploads from this address, 503 model weights unusable or the photo storage refusing
    writes (storage_unavailable), 507 the photo storage full (storage_full); nothing is saved on any error.
    """
    if problems := weights_problems():
        raise _weights_error(problems)
    if not upload_allowed(request):
        raise ApiError(429, "rate_limited", ERROR_RATE_LIMITED)
    form = DiagnosisForm(request.POST, request.FILES, decode_side=decode_side())
    if not form.is_valid():
        raise _form_error(form)
    try:
        human = diagnosis_create(**form.cleaned_data)
    except WeightsUnavailable as exc:
        raise _weights_error(exc.problems) from exc
    except PhotoRefused as exc:
        raise _refused_error(exc.check) from exc
    except PhotoNotStored as exc:  # nothing saved; the same request with keep_photo=false would work
        raise ApiError(exc.status, exc.code, exc.message) from exc
    return Status(201, {**diagnosis_out(request, human), "delete_token": human.delete_token})


def _human(public_id: str) -> Human:
    if (human := human_find(public_id=public_id)) is None:
        raise ApiError(404, "not_found", ERROR_NOT_FOUND)
    return human


# A plain string for the view (any other string is a JSON 404), documented as the uuid it should be.
PublicId = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]
ID = Path(..., description="The diagnosis' public id", examples=[EXAMPLE_ID])


@router.get("/diagnoses/{id}", response={200: DiagnosisOut, 404: ErrorOut}, operation_id="diagnosis_get",
            summary="Read a diagnosis")
@decorate_view(private_no_store)
def read(request, id: PublicId = ID):  # noqa: A002 (the public name of the path parameter)
    """The diagnosis with this public id, as the results page shows it."""
    return diagnosis_out(request, _human(id))


DELETE_TOKEN = Header(None, alias="X-Delete-Token",
                      description="The delete_token answered once by POST /diagnoses when this diagnosis was made")


@router.delete("/diagnoses/{id}", response={204: None, 403: ErrorOut, 404: ErrorOut}, operation_id="diagnosis_delete",
               summary="Delete a diagnosis")
def delete(request, id: PublicId = ID, x_delete_token: str | None = DELETE_TOKEN):  # noqa: A002
    """Delete the diagnosis and its photo, if one was kept. Its id then answers 404.

    Needs the diagnosis' delete token in the X-Delete-Token header: 403 `delete_token_invalid` without it
    or with a wrong one. Diagnoses made on the site are deleted on the device that made them, not here."""
    human = _human(id)
    if not delete_token_valid(human, x_delete_token):
        raise ApiError(403, "delete_token_invalid", ERROR_DELETE_TOKEN)
    diagnosis_delete(human=human)
    return Status(204, None)
