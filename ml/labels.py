"""The one source of truth for symptoms, grades, scalp types and the rule that derives them.

No torch import: Django models, forms and templates import this module.

Scalp-type rule (shared/DATASET.md, "present" = grade >= 1). Each type names the symptoms it
requires and the ones it tolerates ("±"); a grade set matches a type when every required symptom
is present and nothing outside required + tolerated is. Several types can match at once only
through 탈모성, which we let win over everything else: hair loss is the finding a person most needs
to act on and the one with its own clinics. The other rules cannot overlap (each pair differs in a
required symptom the other does not tolerate), so the order below only matters for 탈모성, and the
tests pin it. No symptom present is 양호; a set that matches no type is 복합성.

Progression (진행도) is the highest grade among the symptoms the type requires; for 복합성 the
highest grade of all six; for 양호 it is 0 (양호).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Symptom:
    key: str  # AI Hub label key, e.g. "value_1"
    field: str  # Python / database name
    ko: str
    en: str


@dataclass(frozen=True)
class Grade:
    value: int
    ko: str
    en: str


@dataclass(frozen=True)
class ScalpType:
    key: str
    ko: str
    en: str
    requires: frozenset[str]
    tolerates: frozenset[str]


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("value_1", "fine_dead_skin", "미세각질", "Fine dead skin"),
    Symptom("value_2", "excess_sebum", "피지과다", "Excess sebum"),
    Symptom("value_3", "interfollicular_erythema", "모낭사이홍반", "Interfollicular erythema"),
    Symptom("value_4", "follicular_erythema", "모낭홍반농포", "Follicular erythema / pustules"),
    Symptom("value_5", "dandruff", "비듬", "Dandruff"),
    Symptom("value_6", "hair_loss", "탈모", "Hair loss"),
)
SYMPTOM_KEYS: tuple[str, ...] = tuple(s.key for s in SYMPTOMS)
SYMPTOM_BY_KEY: dict[str, Symptom] = {s.key: s for s in SYMPTOMS}
SYMPTOM_BY_KO: dict[str, Symptom] = {s.ko: s for s in SYMPTOMS}

GRADES: tuple[Grade, ...] = (
    Grade(0, "양호", "Normal"),
    Grade(1, "경증", "Mild"),
    Grade(2, "중등도", "Moderate"),
    Grade(3, "중증", "Severe"),
)
NUM_GRADES = len(GRADES)

_FDS, _SEB, _IFE, _FEP, _DAN, _HL = SYMPTOM_KEYS


def _t(key: str, ko: str, en: str, requires=(), tolerates=()) -> ScalpType:
    return ScalpType(key, ko, en, frozenset(requires), frozenset(tolerates))


NORMAL = _t("normal", "양호", "Healthy")
COMBINATION = _t("combination", "복합성", "Combination")
# Order is precedence (see the module docstring).
_RULES: tuple[ScalpType, ...] = (
    _t("hair_loss", "탈모성", "Hair-loss", requires=[_HL], tolerates=[_FDS, _SEB, _IFE, _FEP, _DAN]),
    _t("inflammatory", "염증성", "Inflammatory", requires=[_FEP], tolerates=[_FDS, _SEB, _DAN]),
    _t("seborrheic", "지루성", "Seborrheic", requires=[_SEB, _IFE], tolerates=[_FDS]),
    _t("sensitive", "민감성", "Sensitive", requires=[_IFE], tolerates=[_FDS]),
    _t("dandruff", "비듬성", "Dandruff-prone", requires=[_DAN], tolerates=[_FDS, _SEB]),
    _t("oily", "지성", "Oily", requires=[_SEB]),
    _t("dry", "건성", "Dry", requires=[_FDS]),
)
SCALP_TYPES: tuple[ScalpType, ...] = (NORMAL, *_RULES, COMBINATION)
SCALP_TYPE_BY_KEY: dict[str, ScalpType] = {t.key: t for t in SCALP_TYPES}


def weights_filename(symptom: str) -> str:
    """One checkpoint file per symptom: weights/value_1.pt ... value_6.pt."""
    return f"{symptom}.pt"


def _validated(grades: Mapping[str, int]) -> dict[str, int]:
    missing = [k for k in SYMPTOM_KEYS if k not in grades]
    if missing:
        raise ValueError(f"grades missing for {', '.join(missing)}")
    out = {k: int(grades[k]) for k in SYMPTOM_KEYS}
    bad = {k: v for k, v in out.items() if not 0 <= v < NUM_GRADES}
    if bad:
        raise ValueError(f"grades outside 0-{NUM_GRADES - 1}: {bad}")
    return out


def scalp_type(grades: Mapping[str, int]) -> ScalpType:
    """The scalp type for six grades keyed by AI Hub key (value_1..value_6)."""
    g = _validated(grades)
    present = {k for k, v in g.items() if v >= 1}
    if not present:
        return NORMAL
    for rule in _RULES:
        if rule.requires <= present <= rule.requires | rule.tolerates:
            return rule
    return COMBINATION


def progression(grades: Mapping[str, int]) -> Grade:
    """진행도: the highest grade among the symptoms that define the scalp type."""
    g = _validated(grades)
    kind = scalp_type(g)
    keys = kind.requires or SYMPTOM_KEYS
    return GRADES[max(g[k] for k in keys)]
