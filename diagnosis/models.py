import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.i18n import lazy_local_name
from ml.labels import GRADES, SCALP_TYPES, SYMPTOM_BY_KEY, SYMPTOMS


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class AgeBand(models.IntegerChoices):
    TEENS = 10, _("10s")
    TWENTIES = 20, _("20s")
    THIRTIES = 30, _("30s")
    FORTIES = 40, _("40s")
    FIFTIES = 50, _("50s")
    SIXTIES = 60, _("60s")
    SEVENTIES_PLUS = 70, _("70s and over")


GRADE_CHOICES = [(g.value, lazy_local_name(g)) for g in GRADES]
SCALP_TYPE_CHOICES = [(t.key, lazy_local_name(t)) for t in SCALP_TYPES]


def _grade_field(key: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(lazy_local_name(SYMPTOM_BY_KEY[key]), choices=GRADE_CHOICES)


class PhotoCheck(models.TextChoices):
    """The photo check's outcome (ml.photo_check): can the grades of this photo be trusted?"""

    OK = "ok", _("Passed")
    DOUBTFUL = "doubtful", _("Usable but doubtful")
    REFUSED = "refused", _("Refused, graded anyway")  # the person ticked "grade it anyway"
    UNCHECKED = "unchecked", _("Not checked")  # diagnoses made before the photo check existed


class Area(models.TextChoices):
    """Where on the head the photo was taken (issue 19): trends and comparisons are drawn per area."""

    CROWN = "crown", _("Crown")
    HAIRLINE = "hairline", _("Hairline")
    PARTING = "parting", _("Parting")
    SIDE = "side", _("Side")
    BACK = "back", _("Back of the head")
    OTHER = "other", _("Other")


AREA_NOT_RECORDED = _("Area not recorded")
class Scene(models.TextChoices):
    """What the photo shows (ml.scene_check), judged apart from the grading models."""

    SCALP_CLOSEUP = "scalp_closeup", _("Scalp close-up")
    TOO_FAR = "too_far", _("Scalp from too far")
    NOT_SCALP = "not_scalp", _("Not a scalp")
    UNCHECKED = "", _("Not checked")


def photo_path(instance: "Human", filename: str) -> str:
    return f"diagnoses/{instance.created_at:%Y/%m}/{instance.public_id}.jpg"


class Human(models.Model):
    """One diagnosis: who (sex, age band), what the six models said, and which weights said it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age band"), choices=AgeBand.choices)
    pred = models.PositiveSmallIntegerField(_("progression"), choices=GRADE_CHOICES)
    skin = models.CharField(_("scalp type"), max_length=16, choices=SCALP_TYPE_CHOICES)
    # The six grades, one column each (AI Hub value_1..value_6), for filtering and statistics.
    fine_dead_skin = _grade_field("value_1")
    excess_sebum = _grade_field("value_2")
    interfollicular_erythema = _grade_field("value_3")
    follicular_erythema = _grade_field("value_4")
    dandruff = _grade_field("value_5")
    hair_loss = _grade_field("value_6")
    probabilities = models.JSONField(_("probabilities"), help_text="{value_1: [p0, p1, p2, p3], ...}")
    weights = models.JSONField(_("weights"), help_text="per symptom: file, sha256, arch, training data")
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    # Consent (issue 9): the photo is kept only when the person ticked the box, and only until
    # photo_delete_after; without consent the photo is graded in memory and never written.
    photo_consent = models.BooleanField(_("photo kept with consent"), default=False)
    photo_consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    photo_delete_after = models.DateTimeField(_("photo deleted after"), null=True, blank=True, db_index=True)
    # Photo check (issue 10): outcome, reason codes ("blurry unfamiliar"; empty when ok) and scores.
    photo_check = models.CharField(_("photo check"), max_length=12, choices=PhotoCheck.choices,
                                   default=PhotoCheck.UNCHECKED, db_index=True)
    photo_check_flags = models.CharField(_("photo check reasons"), max_length=200, blank=True)
    photo_check_scores = models.JSONField(_("photo check scores"), default=dict, blank=True)
    scene = models.CharField(_("scene"), max_length=16, choices=Scene.choices, default=Scene.UNCHECKED, blank=True,
                             db_index=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    # The API's delete capability (issue 18): SHA-256 of the token answered once at creation; the token
    # itself is never stored. Reading a result (its link) and deleting it are separate secrets.
    delete_token_hash = models.CharField(_("delete token hash"), max_length=64, blank=True, editable=False)
    # Issue 19: asked on every upload; blank only on results made before the question existed.
    area = models.CharField(_("area photographed"), max_length=8, choices=Area.choices, blank=True, default="")

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sex", "age", "skin"], name="human_demographic_idx"),
            # Covers the statistics query (one GROUP BY per sex and age band) without touching the table.
            models.Index(fields=["sex", "age", "fine_dead_skin", "excess_sebum", "interfollicular_erythema",
                                 "follicular_erythema", "dandruff", "hair_loss", "skin"], name="human_stats_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_sex_display()} {self.get_age_display()} {self.get_skin_display()}"

    @property
    def area_label(self) -> str:
        """The area in words; results made before the question say so."""
        return self.get_area_display() if self.area else str(AREA_NOT_RECORDED)

    # `pred` and `skin` keep the original project's column names (the design's Human table); code reads them
    # through these aliases.
    @property
    def progression(self) -> int:
        """진행도, 0 normal .. 3 severe (the `pred` column)."""
        return self.pred

    @property
    def scalp_type_key(self) -> str:
        """The scalp type's key in ml.labels.SCALP_TYPES (the `skin` column)."""
        return self.skin

    @property
    def grades(self) -> dict[str, int]:
        """The six grades by symptom key (value_1 .. value_6), in the order of ml.labels.SYMPTOMS."""
        return {s.key: getattr(self, s.field) for s in SYMPTOMS}

    @property
    def is_demo(self) -> bool:
        """True when any of the six models was trained on synthetic images."""
        return any(w.get("data") != "aihub" for w in (self.weights or {}).values())
