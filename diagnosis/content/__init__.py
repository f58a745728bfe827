"""Care content for each scalp type (characteristics, care, when to see a doctor), Korean and English.

The text lives in scalp_types.json so that it can be reviewed and edited without touching templates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONTENT_FILE = Path(__file__).with_name("scalp_types.json")
LANGUAGES = ("ko", "en")


@dataclass(frozen=True)
class CareCard:
    key: str
    title: str
    summary: str
    characteristics: list[str]
    care: list[str]
    doctor: str
    see_doctor: list[str]  # the general warning signs, for every type
    sources: str


@lru_cache(maxsize=1)
def load_content(path: Path = CONTENT_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _language(lang: str | None) -> str:
    return "ko" if not lang or lang.startswith("ko") else "en"


def care_card(*, scalp_type: str, lang: str | None) -> CareCard:
    """The card for one scalp type key (ml.labels.SCALP_TYPES) in Korean, or English otherwise."""
    content, lang = load_content(), _language(lang)
    text = content["types"][scalp_type][lang]
    return CareCard(key=scalp_type, title=text["title"], summary=text["summary"],
                    characteristics=text["characteristics"], care=text["care"], doctor=text["doctor"],
                    see_doctor=content["see_doctor"][lang], sources=content["sources"][lang])
