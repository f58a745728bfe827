"""Timing the statistics queries on a throwaway SQLite database filled with synthetic diagnoses.

Grades are drawn per symptom from the AI Hub Training split's grade balance (shared/DATASET.md),
so group sizes and distributions look like a real table of that size.
"""

from __future__ import annotations

import itertools
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.db import connections
from django.test.utils import CaptureQueriesContext

from diagnosis.models import AgeBand, Human, Sex
from ml.bench import percentile
from ml.labels import SYMPTOM_KEYS, SYMPTOMS, progression, scalp_type
from stats.selectors import combination_counts
from stats.snapshot import people_counts

ALIAS = "stats_benchmark"
GRADE_BALANCE = {  # Training split counts for grades 0..3
    "value_1": (59496, 4786, 5756, 2304), "value_2": (14753, 28473, 25297, 3819),
    "value_3": (21505, 32501, 13833, 4503), "value_4": (68788, 2444, 778, 332),
    "value_5": (43837, 16703, 9546, 2256), "value_6": (54211, 13486, 3808, 837),
}
# diagnosis.Human's covering index for these queries: (sex, age, six grades, skin).
STATS_INDEX = next(index for index in Human._meta.indexes if index.name == "human_stats_idx")


@dataclass(frozen=True)
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    max_ms: float


def open_throwaway(path: Path) -> str:
    """A second connection alias on a fresh SQLite file holding only the Human table."""
    path.unlink(missing_ok=True)
    config = dict(connections.databases["default"])
    config.update(ENGINE="django.db.backends.sqlite3", NAME=str(path), OPTIONS={}, HOST="", PORT="",
                  USER="", PASSWORD="", CONN_MAX_AGE=0)
    connections.databases[ALIAS] = config
    with connections[ALIAS].schema_editor() as editor:
        editor.create_model(Human)
    return ALIAS


def _lookup_tables() -> tuple[dict, dict]:
    skins, preds = {}, {}
    for combo in itertools.product(range(4), repeat=6):
        grades = dict(zip(SYMPTOM_KEYS, combo, strict=True))
        skins[combo], preds[combo] = scalp_type(grades).key, progression(grades).value
    return skins, preds


def _rows(n: int, rng: np.random.Generator, skins: dict, preds: dict):
    sexes = rng.choice([s.value for s in Sex], n)
    ages = rng.choice([a.value for a in AgeBand], n)
    grades = np.stack([rng.choice(4, n, p=np.array(b) / sum(b)) for b in GRADE_BALANCE.values()], axis=1)
    empty, now = json.dumps({}), "2026-11-24 00:00:00"
    for i, (sex, age, combo) in enumerate(zip(sexes.tolist(), ages.tolist(), map(tuple, grades.tolist()), strict=True)):
        yield (f"{i:032x}", sex, age, preds[combo], skins[combo], *combo, empty, empty, "", now,
               False, "unchecked", "", empty, "", "", "")


def fill(alias: str, rows: int, *, seed: int = 0, chunk: int = 50_000, progress=None) -> None:
    columns = ["public_id", "sex", "age", "pred", "skin", *(s.field for s in SYMPTOMS),
               "probabilities", "weights", "photo", "created_at",
               # NOT NULL columns of migration 0003 (raw inserts get no model defaults): no photo, not checked
               "photo_consent", "photo_check", "photo_check_flags", "photo_check_scores",
               "delete_token_hash",  # migration 0005: no API delete token
               "area", "scene"]  # migrations 0006 and 0007: area not recorded, scene not checked
    sql = f"INSERT INTO diagnosis_human ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA journal_mode=OFF")
    raw.execute("PRAGMA synchronous=OFF")
    source = _rows(rows, np.random.default_rng(seed), *_lookup_tables())
    done = 0
    while batch := list(itertools.islice(source, chunk)):
        raw.executemany(sql, batch)
        raw.commit()
        done += len(batch)
        if progress:
            progress(done)
    raw.execute("ANALYZE")


def _time(fn, groups, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        for sex, age in groups:
            start = time.perf_counter()
            fn(sex, age)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _summary(name: str, samples: list[float]) -> Timing:
    return Timing(name, statistics.median(samples), percentile(samples, 95), max(samples))


def time_queries(alias: str, *, repeats: int = 5) -> Timing:
    """p50/p95/max of the statistics section's query over every (sex, age band) group."""
    groups = [(s.value, a.value) for s in Sex for a in AgeBand]

    def section(sex, age):  # what a snapshot costs to take (stats.snapshot); readers in between pay one cache read
        return people_counts(sex=sex, age=age, using=alias)

    return _summary("statistics section (1 GROUP BY query)", _time(section, groups, repeats))


def explain(alias: str) -> str:
    """SQLite's plan for the query, to check which index serves it."""
    connection = connections[alias]
    with CaptureQueriesContext(connection) as captured:
        combination_counts(Human.objects.using(alias).filter(sex="M", age=30).exclude(pk=0))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[-1]["sql"])
        return "; ".join(row[-1] for row in cursor.fetchall())


def add_stats_index(alias: str) -> None:
    with connections[alias].schema_editor() as editor:
        editor.add_index(Human, STATS_INDEX)
    _analyze(alias)


def drop_stats_index(alias: str) -> None:
    with connections[alias].schema_editor() as editor:
        editor.remove_index(Human, STATS_INDEX)
    _analyze(alias)


def _analyze(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("ANALYZE")
