"""What the API answers about a diagnosis: typed schemas (they also make the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema

from diagnosis.models import AgeBand, Human, PhotoCheck, Sex
from diagnosis.selectors import photo_check_dict, result_for

EXAMPLE_ID = "0b4c8a52-6f0e-4c61-9a3e-2f1d8d6c7e10"


class LabelOut(Schema):
    key: str = Field(examples=["hair_loss"])
    ko: str = Field(examples=["탈모성"])
    en: str = Field(examples=["Hair-loss"])


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
    demo: bool = Field(description="True when demo weights (trained on synthetic images) produced it")
    photo_check: PhotoCheckOut
    weights: dict[str, dict[str, Any]] = Field(
        description="Per symptom: checkpoint file, sha256 prefix, architecture, training data",
        examples=[{"value_1": {"file": "value_1.pt", "sha256": "3f2a9c1d0b7e", "arch": "efficientnet-b0",
                               "image_size": 112, "data": "synthetic", "trained_at": "2026-11-24T00:00:00Z"}}])
    keep_photo: bool = Field(description="Whether the photo is kept (only with consent)")
    photo_delete_after: datetime | None = Field(description="When a kept photo is deleted")
    created_at: datetime


# The upload is multipart and validated by DiagnosisForm, so its request body is documented by hand.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["photo", "sex", "age"],
    "properties": {
        "photo": {"type": "string", "format": "binary",
                  "description": "A scalp close-up: JPEG, PNG, WebP or HEIC, within the size and pixel limits."},
        "sex": {"type": "string", "enum": list(Sex.values), "description": "M or F"},
        "age": {"type": "integer", "enum": list(AgeBand.values),
                "description": "Age band: 10, 20 ... 70 (70 and over)"},
        "keep_photo": {"type": "boolean", "default": False,
                       "description": "Consent to keep the photo for review (deleted after PHOTO_RETENTION_DAYS)."},
        "grade_anyway": {"type": "boolean", "default": False,
                         "description": "Grade a photo the photo check refuses as not a scalp close-up."},
    }}}}},
    # One example per error status, so the docs show what each looks like (messages follow Accept-Language).
    "responses": {status: {"content": {"application/json": {"examples": {
        code: {"summary": code, "value": {"code": code, "message": message, **extra}}
        for code, message, extra in examples}}}} for status, examples in {
        400: [("invalid", "Some of the values sent are not valid.", {"fields": {"age": ["Select a valid choice."]}}),
              ("empty_file", "Please choose a scalp photo.", {})],
        413: [("too_large", "The photo is larger than 80 MB. Please upload a smaller photo.", {}),
              ("too_many_pixels", "The photo has too many pixels to process safely.", {})],
        415: [("unsupported_format", "GIF files are not supported. Please upload a JPEG, PNG, WebP or HEIC photo.",
               {}), ("not_an_image", "This file is not a photo we can read.", {})],
        422: [("truncated", "The photo is damaged or incomplete. Please take or upload it again.", {}),
              ("too_small", "The photo is too small (20×20).", {}),
              ("bad_aspect", "The photo's shape (2000×100) is too long and narrow to be a scalp photo.", {}),
              ("photo_refused", "This photo cannot be graded reliably, so it was not graded.",
               {"detail": {"outcome": "refused", "reasons": ["unfamiliar"],
                           "scores": {"quality": {"sharpness": 0.8, "brightness": 130.2}, "familiarity": 3.4}}}),
              ("not_scalp", "This photo does not show a scalp, so it was not graded.",
               {"detail": {"outcome": "refused", "reasons": ["not_scalp"], "scene": "not_scalp",
                           "scores": {"scene": {"category": "not_scalp", "not_scalp": 0.97}}}})],
        429: [("rate_limited", "You have uploaded many photos from this address in a short time.", {})],
        503: [("weights_unavailable", "Diagnosis is switched off until every model file is in place.",
               {"detail": [{"symptom": "value_1", "file": "value_1.pt", "reason": "missing"}]})],
    }.items()},
}


def label_out(obj) -> dict:
    return {"key": obj.key, "ko": obj.ko, "en": obj.en}


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
        "demo": human.is_demo,
        "photo_check": photo_check_dict(human),
        "weights": human.weights, "keep_photo": bool(human.photo_consent and human.photo),
        "photo_delete_after": human.photo_delete_after, "created_at": human.created_at,
    }
