"""Stored rows for the hospitals tests."""

from django.utils import timezone

from diagnosis.models import Human
from hospitals.models import Hospital
from ml.labels import SYMPTOM_KEYS, SYMPTOMS


def make_hospital(code: str, name: str, at: tuple[float, float], **fields) -> Hospital:
    defaults = {"sido": "서울", "sigungu": "강남구", "dong": "역삼동", "address": f"서울 강남구 역삼동 {code}",
                "phone": "02-555-0100", "kind": "의원"}
    return Hospital.objects.create(code=code, name=name, latitude=at[0], longitude=at[1],
                                   loaded_at=timezone.now(), **(defaults | fields))


def make_human(*, hair_loss: int = 0) -> Human:
    grades = {s.field: 0 for s in SYMPTOMS} | {"hair_loss": hair_loss}
    return Human.objects.create(
        sex="M", age=30, pred=hair_loss, skin="hair_loss" if hair_loss else "normal",
        probabilities={k: [0.7, 0.1, 0.1, 0.1] for k in SYMPTOM_KEYS},
        weights={k: {"data": "aihub"} for k in SYMPTOM_KEYS}, created_at=timezone.now(), **grades)
