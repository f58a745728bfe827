import csv
import uuid

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ads import counting, hosts
from ads.models import Campaign
from ads.reports import campaign_report
from ads.selectors import campaigns_visible_to
from diagnosis.models import Human
from products import oliveyoung
from products.models import Product


def _segment_of_page(request) -> counting.Segment | None:
    """The segment of the results page the click came from (?r=<its public id>), if it exists."""
    try:
        public_id = uuid.UUID(request.GET.get("r", ""))
    except ValueError:
        return None
    human = Human.objects.filter(public_id=public_id).only("skin", "sex", "age").first()
    return counting.Segment.of(human) if human else None


def _count_and_go(request, url: str, **target) -> HttpResponseRedirect:
    segment = _segment_of_page(request)
    if segment and counting.is_countable(request) and counting.first_time(request.GET["r"], *target.items()):
        counting.count_click(segment=segment, **target)
    response = HttpResponseRedirect(url)  # 302, to the stored URL only
    response["Referrer-Policy"] = "no-referrer"  # the shop never learns the result's address
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def product_click(request, pk: int):
    """Counts a click on a product card, then opens the product on Olive Young."""
    product = get_object_or_404(Product.objects.only("url"), pk=pk)
    if not oliveyoung.is_link_allowed(product.url):
        raise Http404
    return _count_and_go(request, product.url, product_id=product.pk)


@never_cache
def campaign_click(request, pk: int):
    """Counts a click on a sponsored card, then opens the advertiser's page."""
    campaign = get_object_or_404(Campaign.objects.only("landing_url"), pk=pk, is_approved=True)
    if not hosts.host_allowed(campaign.landing_url, hosts.link_hosts()):
        raise Http404
    return _count_and_go(request, campaign.landing_url, campaign_id=campaign.pk)


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
