"""Database time of the results page's product section and of a campaign report, on a throwaway
database holding 1,000 campaigns and 10 million daily counts (target: < 50 ms each on PostgreSQL)."""

import time

import numpy as np
from django.core.management.base import BaseCommand
from django.test import RequestFactory, override_settings

from ads.counting import Segment, record_view
from ads.models import Campaign, CampaignDay, ProductDay
from ads.reports import campaign_report
from ads.selectors import sponsored_for
from benchmarks import ads as bench
from products.selectors import product_section_for

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/scalpspectra_adsbench"
PERSON = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/156.0 Mobile Safari/537.36")
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def section(human) -> None:
    """What {% products_section %} reads and writes for one result."""
    cards = product_section_for(scalp_type=human.skin, seed=str(human.public_id), segment=Segment.of(human),
                                using=bench.ALIAS).cards
    sponsored = sponsored_for(human=human, using=bench.ALIAS)
    record_view(request=PERSON, human=human, product_ids=[c.pk for c in cards],
                campaign_ids=[c.campaign_id for c in sponsored], using=bench.ALIAS)


def report(pk: int) -> None:
    """What the report page reads for one campaign (the sign-in lookups aside)."""
    campaign = Campaign.objects.using(bench.ALIAS).select_related("advertiser").get(pk=pk)
    campaign_report(campaign=campaign, using=bench.ALIAS)


class Command(BaseCommand):
    help = ("Create a throwaway database (dropped afterwards), fill it with campaigns, products and daily "
            "impression/click counts, and print the database time of the product section and the report page.")

    def add_arguments(self, parser):
        parser.add_argument("--database-url", default=DEFAULT_URL,
                            help="the throwaway database to create and drop (PostgreSQL or sqlite:///file)")
        parser.add_argument("--campaigns", type=int, default=1000)
        parser.add_argument("--rows", type=int, default=10_000_000, help="daily count rows, products' and campaigns'")
        parser.add_argument("--products", type=int, default=360)
        parser.add_argument("--samples", type=int, default=50, help="results pages and reports timed")
        parser.add_argument("--keep", action="store_true", help="keep the database (drop it yourself)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, database_url, campaigns, rows, products, samples, keep, seed, **options):
        self.verbosity = options["verbosity"]
        plan = bench.Plan(campaigns=campaigns, rows=rows, products=products, seed=seed)
        rng = np.random.default_rng(seed)
        bench.open_throwaway(database_url)
        try:
            with override_settings(CACHES=LOCAL_CACHE):  # the repeat-view keys: not in the timed database
                self._fill(plan, rng)
                self._time(samples, rng)
        finally:
            if not keep:
                bench.drop_throwaway(database_url)

    def _fill(self, plan: bench.Plan, rng) -> None:
        start = time.perf_counter()
        campaigns, products = bench.fill_catalogue(plan, rng)
        product_rows = int(plan.rows * plan.product_share)
        done = bench.load(ProductDay, "product_id", bench.product_lines(products, product_rows, rng),
                          progress=self._progress)
        done += bench.load(CampaignDay, "campaign_id",
                           bench.campaign_lines(campaigns, plan.rows - product_rows, rng), progress=self._progress)
        bench.analyze()
        self.stdout.write(f"Filled {len(campaigns):,} campaigns, {len(products):,} products and {done:,} daily "
                          f"count rows in {time.perf_counter() - start:.0f} s ({self.vendor()})")

    def vendor(self) -> str:
        from django.db import connections

        return connections[bench.ALIAS].vendor

    def _progress(self, table: str, done: int) -> None:
        if self.verbosity >= 2 and done % 1_000_000 < 200_000:
            self.stdout.write(f"  {table}: {done:,}")

    def _time(self, samples: int, rng) -> None:
        humans = bench.sample_results(samples, rng)
        pks = list(Campaign.objects.using(bench.ALIAS).order_by("?").values_list("pk", flat=True)[:samples])
        section(humans[0])  # the first query of a connection pays for its set-up
        # What a query costs here before any work: on a busy machine this alone is several milliseconds.
        self.stdout.write(bench.measure("baseline (SELECT 1)", [bench.select_one] * samples).line())
        for timing in (bench.measure("product section (organic + sponsored + impression count)",
                                     [lambda h=h: section(h) for h in humans]),
                       bench.measure("campaign report (per day + per segment)", [lambda p=p: report(p) for p in pks])):
            self.stdout.write(timing.line())
            for ms, sql in timing.per_query if self.verbosity >= 2 else ():
                self.stdout.write(f"    {ms:6.1f} ms  {sql}")
