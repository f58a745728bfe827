from django.contrib import admin

from hospitals.models import Hospital


@admin.register(Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sido", "sigungu", "phone", "loaded_at")
    list_filter = ("kind", "sido")
    search_fields = ("name", "address", "code")
    readonly_fields = ("loaded_at", "source_file")
