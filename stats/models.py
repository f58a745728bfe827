from django.db import models
from django.utils.translation import gettext_lazy as _

from diagnosis.models import GRADE_CHOICES, SCALP_TYPE_CHOICES, AgeBand, Sex
from ml.labels import SYMPTOMS

GRADE_FIELDS = [s.field for s in SYMPTOMS]


def _grade() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=GRADE_CHOICES)


class ReferenceRecord(models.Model):
    """One labelled image of a reference data set (e.g. AI Hub), with its subject's sex and age band.

    The grade and demographic columns are named as on diagnosis.Human, so one set of aggregate
    queries (stats.selectors) serves both tables.
    """

    source = models.CharField(_("source"), max_length=120)
    image_id = models.CharField(_("image"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age band"), choices=AgeBand.choices)
    skin = models.CharField(_("scalp type"), max_length=16, choices=SCALP_TYPE_CHOICES)
    fine_dead_skin = _grade()
    excess_sebum = _grade()
    interfollicular_erythema = _grade()
    follicular_erythema = _grade()
    dandruff = _grade()
    hair_loss = _grade()

    class Meta:
        verbose_name = _("reference record")
        verbose_name_plural = _("reference records")
        constraints = [models.UniqueConstraint(fields=["source", "image_id"], name="reference_unique_image")]
        # Answers stats.selectors.combination_counts from the index alone.
        indexes = [models.Index(fields=["source", "sex", "age", *GRADE_FIELDS, "skin"], name="reference_stats_idx")]

    def __str__(self) -> str:
        return f"{self.source}: {self.image_id}"
