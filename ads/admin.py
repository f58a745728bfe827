from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ads.forms import CampaignAdminForm
from ads.models import ADVERTISERS_GROUP, Advertiser, AdvertiserMember, Campaign

REAPPROVE = _("The campaign was changed, so it no longer shows until it is approved again.")


class MemberInline(admin.TabularInline):
    model = AdvertiserMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Advertiser)
class AdvertiserAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [MemberInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        group, _ = Group.objects.get_or_create(name=ADVERTISERS_GROUP)
        for member in AdvertiserMember.objects.filter(advertiser=form.instance).select_related("user"):
            member.user.groups.add(group)  # reports are for this group's members only


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignAdminForm
    list_display = ["name", "advertiser", "title", "starts_on", "ends_on", "daily_cap", "is_approved", "approved_by"]
    list_filter = ["is_approved", "advertiser"]
    search_fields = ["name", "title", "advertiser__name"]
    autocomplete_fields = ["product"]
    readonly_fields = ["is_approved", "approved_by", "approved_at"]
    actions = ["approve", "withdraw"]

    def save_model(self, request, obj, form, change):
        if change and obj.is_approved and form.changed_data:
            obj.is_approved, obj.approved_by, obj.approved_at = False, None, None
            self.message_user(request, REAPPROVE)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the selected campaigns (they show within their dates)"),
                  permissions=["change"])
    def approve(self, request, queryset):
        count = queryset.update(is_approved=True, approved_by=request.user, approved_at=timezone.now())
        self.message_user(request, ngettext("%d campaign approved.", "%d campaigns approved.", count) % count)

    @admin.action(description=_("Withdraw approval of the selected campaigns"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = queryset.update(is_approved=False, approved_by=None, approved_at=None)
        self.message_user(request, ngettext("%d campaign withdrawn.", "%d campaigns withdrawn.", count) % count)
