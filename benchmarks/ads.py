"""The advertising benchmark (manage.py benchmark_ads): a throwaway database filled with campaigns,
products and daily counts, and the database time of the results page's product section and of a
campaign report on it.

The database is created for the run (PostgreSQL: CREATE DATABASE; SQLite: a new file) under its own
connection alias, migrated, filled with COPY (PostgreSQL) or executemany (SQLite), and dropped after.
"""

from __future__ import annotations

import itertools
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
import numpy as np
import psycopg
from django.core.management import call_command
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ads.models import Advertiser, Campaign
from diagnosis.models import AgeBand, Human, PhotoCheck, Sex
from ml.bench import percentile
from ml.labels import SCALP_TYPES, SYMPTOMS
from products import oliveyoung
from products.models import Product

ALIAS = "adsbench"
TYPES = [t.key for t in SCALP_TYPES]
SEXES = [s.value for s in Sex]
AGES = [a.value for a in AgeBand]
COUNT_COLUMNS = ["day", "scalp_type", "sex", "age_band", "impressions", "clicks"]


@dataclass(frozen=True)
class Plan:
    campaigns: int = 1000
    rows: int = 10_000_000
    products: int = 360
    product_share: float = 0.2  # of the rows: products' daily counts; the rest campaigns'
    seed: int = 0


def open_throwaway(url: str) -> str:
    """Create an empty database at `url` (dropping a leftover one) and register it as ALIAS, migrated."""
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"].endswith("postgresql"):
        with _maintenance(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    else:
        Path(config["NAME"]).unlink(missing_ok=True)
    connections.databases[ALIAS] = {**connections.databases["default"], **config, "OPTIONS": {},
                                    "TEST": {}, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True}
    call_command("migrate", database=ALIAS, verbosity=0)
    return ALIAS


def drop_throwaway(url: str) -> None:
    connections[ALIAS].close()
    del connections[ALIAS]
    connections.databases.pop(ALIAS, None)
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("postgresql"):
        with _maintenance(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
    else:
        Path(config["NAME"]).unlink(missing_ok=True)


def _maintenance(config: dict) -> psycopg.Connection:
    return psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                           password=config["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _targeting(rng: np.random.Generator) -> dict:
    pick = lambda values, p_any, k: [] if rng.random() < p_any else sorted(  # noqa: E731
        rng.choice(values, size=min(k, len(values)), replace=False).tolist())
    return {"scalp_types": pick(TYPES, .4, int(rng.integers(2, 6))), "sexes": pick(SEXES, .7, 1),
            "age_bands": [int(a) for a in pick(AGES, .5, int(rng.integers(3, 6)))]}


def _segments(target: dict) -> list[tuple[str, str, int]]:
    return list(itertools.product(target["scalp_types"] or TYPES, target["sexes"] or SEXES,
                                  target["age_bands"] or AGES))


def fill_catalogue(plan: Plan, rng: np.random.Generator) -> tuple[list[Campaign], list[Product]]:
    """Products for every scalp type, 50 advertisers and plan.campaigns campaigns, about 40% running today."""
    now, today = timezone.now(), timezone.localdate()
    products = Product.objects.using(ALIAS).bulk_create([Product(
        goods_no=f"A{n:012d}", name=f"샴푸 {n}", brand=f"브랜드 {n % 40}", price=int(rng.integers(8, 40)) * 1000,
        url=oliveyoung.product_url(f"A{n:012d}"), keyword=oliveyoung.main_keyword(TYPES[n % len(TYPES)]),
        scalp_type=TYPES[n % len(TYPES)], scraped_at=now) for n in range(plan.products)])
    advertisers = Advertiser.objects.using(ALIAS).bulk_create([Advertiser(name=f"광고주 {n}") for n in range(50)])
    campaigns = []
    for n in range(plan.campaigns):
        length = int(rng.integers(30, 366))
        end = today + timedelta(days=int(rng.integers(-length, length)))
        campaigns.append(Campaign(
            advertiser=advertisers[n % 50], name=f"캠페인 {n}", title=f"광고 상품 {n}", product_url=products[n].url
            if n < len(products) else oliveyoung.product_url(f"B{n:012d}"), landing_url=oliveyoung.product_url(
                f"C{n:012d}"), price=19800, starts_on=end - timedelta(days=length), ends_on=end,
            daily_cap=int(rng.integers(1000, 50000)), is_approved=rng.random() < .9, **_targeting(rng)))
    return Campaign.objects.using(ALIAS).bulk_create(campaigns), products


def _count_lines(owner: int, days: list[date], segments: list, rng: np.random.Generator, ctr: float) -> Iterator[str]:
    n = len(days) * len(segments)
    impressions = rng.poisson(rng.uniform(2, 40), n)
    clicks = rng.binomial(impressions, ctr)
    labels = [f"{s}\t{x}\t{a}" for s, x, a in segments]
    i = 0
    for day in days:
        iso = day.isoformat()
        for label in labels:
            yield f"{owner}\t{iso}\t{label}\t{impressions[i]}\t{clicks[i]}\n"
            i += 1


def _campaign_days(campaign: Campaign, segments: int, budget: int) -> list[date]:
    """The campaign's last days up to today (or its end), as many as its share of the rows allows."""
    last = min(campaign.ends_on, timezone.localdate())
    count = max(1, min(budget // max(segments, 1), 3 * 365))
    return [last - timedelta(days=k) for k in range(count - 1, -1, -1)]


def campaign_lines(campaigns: list[Campaign], rows: int, rng: np.random.Generator) -> Iterator[str]:
    per = rows // max(len(campaigns), 1)
    for campaign in campaigns:
        segments = _segments({"scalp_types": campaign.scalp_types, "sexes": campaign.sexes,
                              "age_bands": campaign.age_bands})
        days = _campaign_days(campaign, len(segments), per)
        yield from _count_lines(campaign.pk, days, segments, rng, float(rng.uniform(.005, .05)))


def product_lines(products: list[Product], rows: int, rng: np.random.Generator) -> Iterator[str]:
    """Each product is shown to its own scalp type's 14 sex x age segments, every day back from yesterday."""
    per = rows // max(len(products), 1)
    yesterday = timezone.localdate() - timedelta(days=1)
    for product in products:
        segments = [(product.scalp_type, sex, age) for sex in SEXES for age in AGES]
        days = [yesterday - timedelta(days=k) for k in range(max(1, per // len(segments)) - 1, -1, -1)]
        yield from _count_lines(product.pk, days, segments, rng, float(rng.uniform(.005, .08)))


@contextmanager
def bulk_loading(model):
    """PostgreSQL: the model's unique constraint and indexes are built after the load, not row by row,
    and the foreign keys (all valid by construction) are not checked per row."""
    connection = connections[ALIAS]
    if connection.vendor != "postgresql":
        yield
        return
    meta = model._meta
    with connection.schema_editor() as editor:
        for constraint in meta.constraints:
            editor.remove_constraint(model, constraint)
        for index in meta.indexes:
            editor.remove_index(model, index)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
        with connection.schema_editor() as editor:
            for constraint in meta.constraints:
                editor.add_constraint(model, constraint)
            for index in meta.indexes:
                editor.add_index(model, index)


def load(model, owner: str, lines: Iterator[str], *, chunk: int = 200_000, progress=None) -> int:
    """Write tab-separated lines into a count table: COPY on PostgreSQL, executemany on SQLite."""
    connection = connections[ALIAS]
    table = model._meta.db_table
    columns = [owner, *COUNT_COLUMNS]
    done = 0
    with bulk_loading(model), transaction.atomic(using=ALIAS), connection.cursor() as cursor:
        while batch := list(itertools.islice(lines, chunk)):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    copy.write("".join(batch))
            else:
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * 7)})",
                                   [line.rstrip("\n").split("\t") for line in batch])
            done += len(batch)
            if progress:
                progress(table, done)
    return done


def analyze() -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connections[ALIAS].vendor == "postgresql" else "ANALYZE")


def sample_results(n: int, rng: np.random.Generator) -> list[Human]:
    """Results of random segments whose photo check passed (so sponsored cards are looked up too)."""
    humans = [Human(public_id=uuid.UUID(int=int(rng.integers(1 << 62))), sex=str(rng.choice(SEXES)),
                    age=int(rng.choice(AGES)), pred=1, skin=str(rng.choice(TYPES)), photo_check=PhotoCheck.OK,
                    probabilities={}, weights={}, created_at=timezone.now(), **{s.field: 0 for s in SYMPTOMS})
              for _ in range(n)]
    return Human.objects.using(ALIAS).bulk_create(humans)


def select_one() -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


@dataclass(frozen=True)
class Timing:
    name: str
    db_ms: list[float]
    wall_ms: list[float]
    queries: int
    per_query: list[tuple[float, str]]  # (median ms, SQL start) per query position, for -v 2
    server_ms: float | None  # PostgreSQL's own execution time of the last call's queries (EXPLAIN ANALYZE)

    def line(self) -> str:
        db, wall = self.db_ms, self.wall_ms
        server = "" if self.server_ms is None else f"; server-side execution {self.server_ms:.1f} ms"
        return (f"{self.name}: database p50 {statistics.median(db):.1f} ms, p95 {percentile(db, 95):.1f} ms, "
                f"max {max(db):.1f} ms ({self.queries} queries){server}; wall p50 {statistics.median(wall):.1f} ms")


def measure(name: str, calls) -> Timing:
    """Sum of the queries' own times (Django's debug cursor) and the wall time of each call."""
    db, wall, positions = [], [], {}
    for call in calls:
        with CaptureQueriesContext(connections[ALIAS]) as captured:
            start = time.perf_counter()
            call()
            wall.append((time.perf_counter() - start) * 1000)
        db.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        for i, q in enumerate(captured.captured_queries):
            positions.setdefault(i, (q["sql"][:110], []))[1].append(float(q["time"]) * 1000)
    per_query = [(statistics.median(times), sql) for sql, times in positions.values()]
    return Timing(name, db, wall, len(captured.captured_queries), per_query,
                  _server_ms([q["sql"] for q in captured.captured_queries]))


def _server_ms(queries: list[str]) -> float | None:
    """Planning + execution time PostgreSQL reports for the queries (reads only: writes would count twice)."""
    connection = connections[ALIAS]
    if connection.vendor != "postgresql":
        return None
    total = 0.0
    with connection.cursor() as cursor:
        for sql in queries:
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
                total += plan["Planning Time"] + plan["Execution Time"]
    return total
