from django.contrib import admin

from stats.models import ReferenceRecord


@admin.register(ReferenceRecord)
class ReferenceRecordAdmin(admin.ModelAdmin):
    """Read-only: reference records come from `manage.py build_reference_stats` only."""

    list_display = ["image_id", "source", "sex", "age", "skin"]
    list_filter = ["source", "sex", "age", "skin"]
    search_fields = ["image_id"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
