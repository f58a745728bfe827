"""Schemas every app's API shares: a label in both languages, and the example id the docs show."""

from __future__ import annotations

from ninja import Field, Schema

EXAMPLE_ID = "0b4c8a52-6f0e-4c61-9a3e-2f1d8d6c7e10"


class LabelOut(Schema):
    key: str = Field(examples=["hair_loss"])
    ko: str = Field(examples=["탈모성"])
    en: str = Field(examples=["Hair-loss"])


def label_out(obj) -> dict:
    return {"key": obj.key, "ko": obj.ko, "en": obj.en}
