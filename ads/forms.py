from django import forms
from django.utils.translation import gettext_lazy as _

from ads.models import Campaign
from diagnosis.models import SCALP_TYPE_CHOICES, AgeBand, Sex


class CampaignAdminForm(forms.ModelForm):
    """Targeting as ticked boxes; nothing ticked means anyone."""

    scalp_types = forms.MultipleChoiceField(label=_("scalp types"), choices=SCALP_TYPE_CHOICES, required=False,
                                            widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: any."))
    sexes = forms.MultipleChoiceField(label=_("sexes"), choices=Sex.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: any."))
    age_bands = forms.TypedMultipleChoiceField(label=_("age bands"), choices=AgeBand.choices, coerce=int,
                                               required=False, widget=forms.CheckboxSelectMultiple,
                                               help_text=_("None ticked: any."))

    class Meta:
        model = Campaign
        fields = ["advertiser", "name", "product", "product_url", "landing_url", "title", "image_url", "price",
                  "scalp_types", "sexes", "age_bands", "starts_on", "ends_on", "daily_cap"]
