from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.i18n import local_name
from diagnosis.models import Human
from diagnosis.selectors import photo_check_for
from ml.labels import GRADES, SYMPTOMS

GRADE_FIELDS = [s.field for s in SYMPTOMS]
# For staff only (visitors never see the command): how real weights replace the demo ones.
OPERATOR_HELP = _("Demo weights are trained on synthetic images. Train real models on the AI Hub dataset with "
                  "python -m ml.train --data DIR --out weights (README: Training).")
SCORE_LABELS = {"sharpness": _("sharpness"), "brightness": _("brightness"), "dark_share": _("share of dark pixels"),
                "bright_share": _("share of washed-out pixels"), "contrast": _("contrast"),
                "colours": _("distinct colours"), "familiarity": _("familiarity (1 = threshold, lower is familiar)")}
CONSENT_FIELDS = ["photo_consent", "photo_consent_at", "photo_delete_after"]


@admin.register(Human)
class HumanAdmin(admin.ModelAdmin):
    """Read-only review. Deleting rows, one or "delete selected", deletes their photo files too
    (diagnosis.signals: a post_delete receiver, so every ORM delete path is covered)."""

    list_display = ["id", "created_at", "area", "sex", "age", "skin", "pred", *GRADE_FIELDS, "photo_check", "demo",
                    "photo_consent", "photo_delete_after"]
    list_filter = ["photo_check", "scene", "area", "sex", "age", "skin", "pred", "photo_consent",
                   ("created_at", admin.DateFieldListFilter)]
    search_fields = ["public_id", "skin"]
    date_hierarchy = "created_at"
    list_per_page = 50

    class Media:
        css = {"all": ["diagnosis/admin.css"]}
    readonly_fields = ["public_id", "created_at", "area", "sex", "age", "skin", "pred", *GRADE_FIELDS,
                       "probability_table", "weights_table", "photo_preview", "result_link",
                       *CONSENT_FIELDS, "photo_check", "photo_check_reasons", "photo_check_table"]
    fieldsets = [
        (None, {"fields": ["public_id", "created_at", "area", "result_link", "sex", "age", "skin", "pred"]}),
        (_("Grades"), {"fields": [*GRADE_FIELDS, "probability_table"]}),
        (_("Photo check"), {"fields": ["photo_check", "photo_check_reasons", "photo_check_table"]}),
        (_("Photo and weights"), {"fields": [*CONSENT_FIELDS, "photo_preview", "weights_table"],
                                  "description": OPERATOR_HELP}),
    ]

    def has_add_permission(self, request):
        return False  # diagnoses come from the upload page only

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(boolean=True, description=_("demo model"))
    def demo(self, obj):
        return obj.is_demo

    @admin.display(description=_("results page"))
    def result_link(self, obj):
        url = reverse("diagnosis:result", kwargs={"public_id": obj.public_id})
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("probabilities"))
    def probability_table(self, obj):
        head = format_html_join("", "<th>{}</th>", ((local_name(g),) for g in GRADES))
        rows = format_html_join("", "<tr><th>{}</th>{}</tr>", (
            (local_name(s), format_html_join("", "<td>{}</td>", ((f"{p:.1%}",) for p in obj.probabilities[s.key])))
            for s in SYMPTOMS if s.key in obj.probabilities))
        return format_html("<table><tr><th></th>{}</tr>{}</table>", head, rows)

    @admin.display(description=_("weights"))
    def weights_table(self, obj):
        return format_html_join("", "<div>{}: {} {} ({}, {} px, {})</div>", (
            (local_name(s), w.get("file"), w.get("sha256"), w.get("arch"), w.get("image_size"), w.get("data"))
            for s in SYMPTOMS if (w := obj.weights.get(s.key))))

    @admin.display(description=_("photo check reasons"))
    def photo_check_reasons(self, obj):
        reasons = photo_check_for(obj).reasons
        return format_html_join("", "<div>{}</div>", ((r.message,) for r in reasons)) if reasons else "-"

    @admin.display(description=_("photo check scores"))
    def photo_check_table(self, obj):
        scores = obj.photo_check_scores or {}
        flat = {**(scores.get("quality") or {}), **{k: v for k, v in scores.items() if k != "quality"}}
        if not flat:
            return "-"
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", (
            (SCORE_LABELS.get(k, k), f"{v:.3g}" if isinstance(v, float) else v) for k, v in flat.items())))

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        if not obj.photo:
            return "-"
        return format_html('<img class="review-photo" src="{}" alt="">', reverse("diagnosis:photo", args=[obj.pk]))
