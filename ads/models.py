"""Advertisers, their campaigns, and the daily counts behind the ranking and the reports.

The counts are aggregates only: a day, a segment (scalp type x sex x age band) and two numbers. No
address, cookie, session, result id or browser string is ever stored with them (docs/advertising.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ads import hosts
from diagnosis.models import SCALP_TYPE_CHOICES, AgeBand, Sex

ADVERTISERS_GROUP = "advertisers"
SEGMENT_FIELDS = ("scalp_type", "sex", "age_band")
NEEDS_PRODUCT = _("Choose a stored product or enter a product URL.")
BAD_LINK_HOST = _("Only links to these shops are allowed: %(hosts)s.")
BAD_IMAGE_HOST = _("Only images from these servers are allowed: %(hosts)s.")
BAD_DATES = _("The campaign cannot end before it starts.")


class Advertiser(models.Model):
    """A company that pays for sponsored cards."""

    name = models.CharField(_("company name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("advertiser")
        verbose_name_plural = _("advertisers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdvertiserMember(models.Model):
    """A sign-in account that reads one advertiser's reports (and nothing else)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advertiser_member",
                                verbose_name=_("user"))
    advertiser = models.ForeignKey(Advertiser, on_delete=models.CASCADE, related_name="members",
                                   verbose_name=_("advertiser"))

    class Meta:
        verbose_name = _("advertiser account")
        verbose_name_plural = _("advertiser accounts")

    def __str__(self) -> str:
        return f"{self.user} ({self.advertiser})"


def _check_host(url: str, allowed: frozenset[str], message) -> None:
    if url and not hosts.host_allowed(url, allowed):
        raise ValidationError(message, params={"hosts": ", ".join(sorted(allowed))})


def validate_link_host(url: str) -> None:
    _check_host(url, hosts.link_hosts(), BAD_LINK_HOST)


def validate_image_host(url: str) -> None:
    _check_host(url, hosts.image_hosts(), BAD_IMAGE_HOST)


class Campaign(models.Model):
    """A sponsored card: what it shows, whom it targets (empty list = anyone), when and how often."""

    advertiser = models.ForeignKey(Advertiser, on_delete=models.CASCADE, related_name="campaigns",
                                   verbose_name=_("advertiser"))
    name = models.CharField(_("campaign name"), max_length=200)
    product = models.ForeignKey("products.Product", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="campaigns", verbose_name=_("stored product"))
    product_url = models.URLField(_("product URL"), max_length=500, blank=True, validators=[validate_link_host],
                                  help_text=_("When the product is not a stored one."))
    landing_url = models.URLField(_("landing URL"), max_length=500, validators=[validate_link_host],
                                  help_text=_("Where a click on the card goes."))
    title = models.CharField(_("card title"), max_length=120)
    image_url = models.URLField(_("image URL"), max_length=500, blank=True, validators=[validate_image_host])
    price = models.PositiveIntegerField(_("price (KRW)"), null=True, blank=True)
    scalp_types = models.JSONField(_("scalp types"), default=list, blank=True, help_text=_("Empty: any."))
    sexes = models.JSONField(_("sexes"), default=list, blank=True, help_text=_("Empty: any."))
    age_bands = models.JSONField(_("age bands"), default=list, blank=True, help_text=_("Empty: any."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    daily_cap = models.PositiveIntegerField(_("impressions per day (at most)"), default=1000)
    is_approved = models.BooleanField(_("approved"), default=False, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    editable=False, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        indexes = [models.Index(fields=["is_approved", "ends_on", "starts_on"], name="campaign_live_idx")]

    def __str__(self) -> str:
        return f"{self.advertiser} · {self.name}" if self.advertiser_id else self.name

    def clean(self):
        if not self.product_id and not self.product_url:
            raise ValidationError({"product_url": NEEDS_PRODUCT})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": BAD_DATES})

    def targets(self, *, scalp_type: str, sex: str, age_band: int) -> bool:
        return ((not self.scalp_types or scalp_type in self.scalp_types)
                and (not self.sexes or sex in self.sexes)
                and (not self.age_bands or age_band in self.age_bands))


class DailyCount(models.Model):
    """Impressions and clicks of one day and one segment. Nothing else, by design."""

    day = models.DateField(_("day"))
    scalp_type = models.CharField(_("scalp type"), max_length=16, choices=SCALP_TYPE_CHOICES)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.PositiveSmallIntegerField(_("age band"), choices=AgeBand.choices)
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        abstract = True


class CampaignDay(DailyCount):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="days",
                                 verbose_name=_("campaign"))

    class Meta:
        verbose_name = _("campaign count")
        verbose_name_plural = _("campaign counts")
        # The unique index also serves the report (campaign prefix) and the daily cap (campaign, day).
        constraints = [models.UniqueConstraint(fields=["campaign", "day", "scalp_type", "sex", "age_band"],
                                               name="campaignday_unique")]
        # The daily cap sums today's impressions of the matching campaigns from this index alone.
        indexes = [models.Index(fields=["day", "campaign", "impressions"], name="campaignday_cap_idx")]


class ProductDay(DailyCount):
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="days",
                                verbose_name=_("product"))

    class Meta:
        verbose_name = _("product count")
        verbose_name_plural = _("product counts")
        constraints = [models.UniqueConstraint(fields=["product", "day", "scalp_type", "sex", "age_band"],
                                               name="productday_unique")]
        # The ranking reads one scalp type's recent days (ads.ranking) from this index alone (a covering
        # index with plain key columns: SQLite has no INCLUDE).
        indexes = [models.Index(fields=["scalp_type", "day", "product", "sex", "age_band", "impressions", "clicks"],
                                name="productday_rank_idx")]
