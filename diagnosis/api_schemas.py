"""What the API answers about a diagnosis: typed schemas (they also make the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from common.api_errors import ERROR_CHOICE, ERROR_INVALID
from common.api_schemas import EXAMPLE_ID, LabelOut, label_out
from common.ratelimit import ERROR_RATE_LIMITED
from diagnosis.images import (
    ERROR_ASPECT,
    ERROR_EMPTY,
    ERROR_FORMAT,
    ERROR_NOT_IMAGE,
    ERROR_TOO_LARGE,
    ERROR_TOO_MANY_PIXELS,
    ERROR_TOO_SMALL,
    ERROR_TRUNCATED,
)
from diagnosis.models import AgeBand, Area, Human, PhotoCheck, Sex
from diagnosis.selectors import photo_check_dict, result_for


class GradeOut(Schema):
    key: int = Field(ge=0, le=3, description="0 normal, 1 mild, 2 moderate, 3 severe", examples=[2])
    ko: str = Field(examples=["중등도"])
    en: str = Field(examples=["Moderate"])


class SymptomOut(Schema):
    key: str = Field(description="AI Hub label key, value_1 ... value_6", examples=["value_6"])
    ko: str = Field(examples=["탈모"])
    en: str = Field(examples=["Hair loss"])
    grade: int = Field(ge=0, le=3, examples=[2])
    probabilities: list[float] = Field(min_length=4, max_length=4, description="P(grade 0..3)",
                                       examples=[[0.05, 0.2, 0.6, 0.15]])


class PhotoCheckOut(Schema):
    outcome: Literal[tuple(PhotoCheck.values)] = Field(examples=["ok"])  # type: ignore[valid-type]
    reasons: list[str] = Field(description="Reason codes (not_scalp, too_far, blurry, dark, overexposed, flat, "
                               "unfamiliar), empty when ok", examples=[["blurry"]])
    scene: str = Field(description="What the photo shows: scalp_closeup, too_far, not_scalp, or empty when not "
                       "checked (diagnoses from before the scene check)", examples=["scalp_closeup"])
    scores: dict[str, Any] = Field(
        description="The check's measurements: quality (sharpness, brightness, ...) and familiarity (1 = threshold)",
        examples=[{"quality": {"sharpness": 0.31, "brightness": 121.4, "dark_share": 0.02, "bright_share": 0.0,
                               "contrast": 38.5, "colours": 2113}, "familiarity": 0.62}])


class DiagnosisOut(Schema):
    id: UUID = Field(description="The unguessable public id", examples=[EXAMPLE_ID])
    url: str = Field(description="The results page", examples=[f"http://localhost:8000/result/{EXAMPLE_ID}/"])
    scalp_type: LabelOut
    progression: GradeOut
    symptoms: list[SymptomOut] = Field(min_length=6, max_length=6)
    area: str = Field(description="Where on the head the photo was taken: " + ", ".join(Area.values)
                      + "; empty for results made before the question", examples=["crown"])
    demo: bool = Field(description="True when demo weights (trained on synthetic images) produced it")
    photo_check: PhotoCheckOut
    weights: dict[str, dict[str, Any]] = Field(
        description="Per symptom: checkpoint file, sha256 prefix, architecture, training data",
        examples=[{"value_1": {"file": "value_1.pt", "sha256": "3f2a9c1d0b7e", "arch": "efficientnet-b0",
                               "image_size": 112, "data": "synthetic", "trained_at": "2026-11-24T00:00:00Z"}}])
    keep_photo: bool = Field(description="Whether the photo is kept (only with consent)")
    photo_delete_after: datetime | None = Field(description="When a kept photo is deleted")
    created_at: datetime


ERROR_WEIGHTS = _("Diagnosis is switched off until every model file is in place. Please try again later.")
ERROR_NOT_SCALP = _("This photo does not show a scalp, so it was not graded, and grade_anyway does not change that. "
                    "Send a close-up of the scalp: hair parted, the camera against the skin.")
ERROR_PHOTO_REFUSED = _("This photo cannot be graded reliably, so it was not graded (the reasons are in detail). "
                        "Take it close to the scalp, in focus and in good light, or send grade_anyway=true.")


def formatted(message, **params):
    """A message with its placeholders filled, translated only when the schema is rendered."""
    return lazy(lambda: str(message) % params, str)()


class CreatedOut(DiagnosisOut):
    delete_token: str = Field(description="Answered this once only, never stored in the clear: send it in the "
                              "X-Delete-Token header to delete the diagnosis. The id alone only reads it.",
                              examples=["q3Vd0xq0m8bS8l4cWb0y1mJ2nqk9aXcR4f6WvUo7ZtE"])


# The upload is multipart and validated by DiagnosisForm, so its request body is documented by hand.
# The examples are the messages the API really sends, in the language the docs are read in.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["photo", "sex", "age", "area"],
    "properties": {
        "photo": {"type": "string", "format": "binary",
                  "description": "A scalp close-up: JPEG, PNG, WebP or HEIC, within the size and pixel limits."},
        "sex": {"type": "string", "enum": list(Sex.values), "description": "M or F"},
        "age": {"type": "integer", "enum": list(AgeBand.values),
                "description": "Age band: 10, 20 ... 70 (70 and over)"},
        "area": {"type": "string", "enum": list(Area.values),
                 "description": "Where on the head the photo was taken (trends and comparisons are per area)."},
        "keep_photo": {"type": "boolean", "default": False,
                       "description": "Consent to keep the photo for review (deleted after PHOTO_RETENTION_DAYS)."},
        "grade_anyway": {"type": "boolean", "default": False,
                         "description": "Grade a photo the photo check refuses as not a scalp close-up."},
    }}}}},
    # One example per error status, so the docs show what each looks like (messages follow Accept-Language).
    "responses": {status: {"content": {"application/json": {"examples": {
        code: {"summary": code, "value": {"code": code, "message": message, **extra}}
        for code, message, extra in examples}}}} for status, examples in {
        400: [("invalid", ERROR_INVALID, {"fields": {"age": [formatted(ERROR_CHOICE, choices="10, 20, 30")]}}),
              ("empty_file", ERROR_EMPTY, {})],
        413: [("too_large", formatted(ERROR_TOO_LARGE, limit="80 MB"), {}),
              ("too_many_pixels", ERROR_TOO_MANY_PIXELS, {})],
        415: [("unsupported_format", formatted(ERROR_FORMAT, format="GIF"), {}), ("not_an_image", ERROR_NOT_IMAGE, {})],
        422: [("truncated", ERROR_TRUNCATED, {}),
              ("too_small", formatted(ERROR_TOO_SMALL, width=20, height=20, min=64), {}),
              ("bad_aspect", formatted(ERROR_ASPECT, width=2000, height=100), {}),
              ("photo_refused", ERROR_PHOTO_REFUSED,
               {"detail": {"outcome": "refused", "reasons": ["unfamiliar"],
                           "scores": {"quality": {"sharpness": 0.8, "brightness": 130.2}, "familiarity": 3.4}}}),
              ("not_scalp", ERROR_NOT_SCALP,
               {"detail": {"outcome": "refused", "reasons": ["not_scalp"], "scene": "not_scalp",
                           "scores": {"scene": {"category": "not_scalp", "not_scalp": 0.97}}}})],
        429: [("rate_limited", ERROR_RATE_LIMITED, {})],
        503: [("weights_unavailable", ERROR_WEIGHTS,
               {"detail": [{"symptom": "value_1", "file": "value_1.pt", "reason": "missing"}]})],
    }.items()},
}


def grade_out(grade) -> dict:
    return {"key": grade.value, "ko": grade.ko, "en": grade.en}


def diagnosis_out(request, human: Human) -> dict:
    result = result_for(human)
    path = reverse("diagnosis:result", kwargs={"public_id": human.public_id})
    return {
        "id": human.public_id, "url": request.build_absolute_uri(path),
        "scalp_type": label_out(result.scalp_type), "progression": grade_out(result.progression),
        "symptoms": [{"key": row.symptom.key, "ko": row.symptom.ko, "en": row.symptom.en,
                      "grade": row.grade.value, "probabilities": [p for _, p in row.probabilities]}
                     for row in result.rows],
        "area": human.area,
        "demo": human.is_demo,
        "photo_check": photo_check_dict(human),
        "weights": human.weights, "keep_photo": bool(human.photo_consent and human.photo),
        "photo_delete_after": human.photo_delete_after, "created_at": human.created_at,
    }
