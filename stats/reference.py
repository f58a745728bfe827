"""A reference data set's demographics and grades, for the statistics section.

The files are read by ml.dataset (the AI Hub reader training uses); this module keeps only the
images whose `<stem>_META.json` names a sex and an age band, mapped onto the Human choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ml.dataset import read_dataset
from ml.labels import scalp_type

SEX_BY_GENDER = {"남": "M", "여": "F"}
AGE_BANDS = (10, 20, 30, 40, 50, 60, 70)  # diagnosis.models.AgeBand; 70 = "70s and over"


@dataclass(frozen=True)
class Record:
    image_id: str
    sex: str
    age: int
    grades: dict[str, int]

    @property
    def skin(self) -> str:
        return scalp_type(self.grades).key


@dataclass
class ReadReport:
    images: int = 0
    skipped: int = 0  # labelled images without a usable sex or age band in their META


def age_band(age: int | None) -> int | None:
    """ml.dataset's band start (0, 10, ... 80) onto AgeBand; under 10 has no band."""
    if age is None or age < AGE_BANDS[0]:
        return None
    return min(age, AGE_BANDS[-1])


def read_records(root: Path, report: ReadReport | None = None) -> list[Record]:
    """One record per labelled image whose META gives sex and age (raises ml.dataset.DatasetError)."""
    report = report if report is not None else ReadReport()
    index = read_dataset(root, check_images=False)
    records = []
    for sample in index.samples:
        sex, age = SEX_BY_GENDER.get(sample.gender or ""), age_band(sample.age)
        if sex is None or age is None:
            report.skipped += 1
            continue
        records.append(Record(image_id=Path(sample.name).stem, sex=sex, age=age, grades=sample.grades))
    report.images = len(index.samples)
    return records
