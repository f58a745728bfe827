import csv

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ads import counting, hosts
from ads.models import Campaign
from ads.reports import campaign_report
from ads.selectors import campaigns_visible_to


@never_cache
def campaign_click(request, pk: int):
    """Counts a click on a sponsored card, then opens the advertiser's page."""
    campaign = get_object_or_404(Campaign.objects.only("landing_url"), pk=pk, is_approved=True)
    if not hosts.host_allowed(campaign.landing_url, hosts.link_hosts()):
        raise Http404
    return counting.count_and_redirect(request, campaign.landing_url, campaign_id=campaign.pk)


class LoginView(auth_views.LoginView):
    """Advertisers sign in to read their campaign reports."""

    template_name = "ads/login.html"
    redirect_authenticated_user = True
    next_page = "ads:campaigns"


@login_required(login_url="ads:login")
def campaigns(request):
    """The campaigns this account may read: its own advertiser's (staff: all)."""
    visible = campaigns_visible_to(request.user).order_by("-starts_on", "name")
    return render(request, "ads/campaigns.html", {"campaigns": visible})


def _campaign_for(request, pk: int) -> Campaign:
    return get_object_or_404(campaigns_visible_to(request.user), pk=pk)  # another advertiser's: 404


@login_required(login_url="ads:login")
def report(request, pk: int):
    """Impressions, clicks and click-through of one campaign, per day and per segment."""
    return render(request, "ads/report.html", {"report": campaign_report(campaign=_campaign_for(request, pk))})


def _csv(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the Korean labels as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        ctr = "" if row.ctr is None else f"{row.ctr:.4f}"
        writer.writerow([row.label, row.impressions, row.clicks, ctr])
    return response


@login_required(login_url="ads:login")
def report_csv(request, pk: int, table: str):
    """The report's day or segment table as CSV."""
    data = campaign_report(campaign=_campaign_for(request, pk))
    if table == "days":
        return _csv(f"campaign-{pk}-days.csv", [_("day"), _("impressions"), _("clicks"), _("CTR")], data.days)
    return _csv(f"campaign-{pk}-segments.csv", [_("segment"), _("impressions"), _("clicks"), _("CTR")],
                data.segments)
