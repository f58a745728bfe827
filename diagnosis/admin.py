from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from diagnosis.i18n import local_name
from diagnosis.models import Human
from ml.labels import GRADES, SYMPTOMS

GRADE_FIELDS = [s.field for s in SYMPTOMS]
CONSENT_FIELDS = ["photo_consent", "photo_consent_at", "photo_delete_after"]


@admin.register(Human)
class HumanAdmin(admin.ModelAdmin):
    """Read-only review. Deleting rows, one or "delete selected", deletes their photo files too
    (diagnosis.signals: a post_delete receiver, so every ORM delete path is covered)."""

    list_display = ["id", "created_at", "sex", "age", "skin", "pred", *GRADE_FIELDS, "photo_check", "demo",
                    "photo_consent", "photo_delete_after"]
    list_filter = ["photo_check", "scene", "sex", "age", "skin", "pred", "photo_consent",
                   ("created_at", admin.DateFieldListFilter)]
    search_fields = ["public_id", "skin"]
    date_hierarchy = "created_at"
    list_per_page = 50

    class Media:
        css = {"all": ["diagnosis/admin.css"]}
    readonly_fields = ["public_id", "created_at", "sex", "age", "skin", "pred", *GRADE_FIELDS,
                       "probability_table", "weights_table", "photo_preview", "result_link",
                       *CONSENT_FIELDS, "photo_check", "photo_check_flags", "photo_check_scores"]
    fieldsets = [
        (None, {"fields": ["public_id", "created_at", "result_link", "sex", "age", "skin", "pred"]}),
        (_("Grades"), {"fields": [*GRADE_FIELDS, "probability_table"]}),
        (_("Photo check"), {"fields": ["photo_check", "photo_check_flags", "photo_check_scores"]}),
        (_("Photo and weights"), {"fields": [*CONSENT_FIELDS, "photo_preview", "weights_table"]}),
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

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        if not obj.photo:
            return "-"
        return format_html('<img class="review-photo" src="{}" alt="">', reverse("diagnosis:photo", args=[obj.pk]))
