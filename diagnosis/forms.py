from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.gates import bounded
from diagnosis.images import ERROR_EMPTY, ERROR_TOO_LARGE, Limits, PhotoError, decode_photo
from diagnosis.models import AgeBand, Area, Sex

ERROR_NO_PHOTO = _("Please choose a scalp photo.")
ERROR_NO_AREA = _("Please choose which part of the head the photo shows.")
KEEP_PHOTO_HELP = _("Optional. Left unticked, your photo is only graded and then discarded: it is never saved.")
ERROR_YES_NO = _("Send true or false, or leave it out.")
YES, NO = {"true", "on"}, {"false", ""}  # "on" is what a ticked HTML checkbox sends


class YesNoCheckbox(forms.CheckboxInput):
    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: str(value).strip().lower() in YES)

    def value_from_datadict(self, data, files, name):
        return data.get(name)  # the raw text (None when unticked), for YesNoField to judge


class YesNoField(forms.BooleanField):
    """A checkbox that refuses anything but a yes or a no: an API client sending keep_photo={} gets an error,
    not consent (Django's BooleanField reads any other text as ticked)."""

    widget = YesNoCheckbox

    def __init__(self, **kwargs):
        super().__init__(required=False, error_messages={"invalid": ERROR_YES_NO}, **kwargs)

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower()
        if text not in YES | NO:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text in YES


def upload_limits(decode_side: int) -> Limits:
    return Limits(max_bytes=settings.UPLOAD_MAX_BYTES, max_pixels=settings.UPLOAD_MAX_PIXELS,
                  max_jpeg_pixels=settings.UPLOAD_MAX_JPEG_PIXELS,
                  max_full_decode_pixels=settings.UPLOAD_MAX_FULL_DECODE_PIXELS, min_side=settings.UPLOAD_MIN_SIDE,
                  max_aspect=settings.UPLOAD_MAX_ASPECT, target_side=decode_side)


class DiagnosisForm(forms.Form):
    # Declared before the photo: fields are cleaned in this order, and clean_photo reads keep_photo.
    # Consent to keep the photo (issue 9): opt-in, never preticked. The label names the period.
    keep_photo = YesNoField(initial=False, help_text=KEEP_PHOTO_HELP,
                            widget=YesNoCheckbox(attrs={"aria-describedby": "keep-photo-help"}))
    # Offered when the photo check refused the photo (diagnosis.services.PhotoRefused).
    grade_anyway = YesNoField(label=_("Grade it anyway: I understand the grades may be wrong"))
    photo = forms.FileField(
        label=_("Scalp photo"),
        error_messages={"required": ERROR_NO_PHOTO, "empty": ERROR_EMPTY, "invalid": ERROR_NO_PHOTO},
        widget=forms.ClearableFileInput(attrs={
            # On a phone this offers the camera as well as the gallery.
            "accept": "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif",
        }),
    )
    # Issue 19: no preselected area, so a comparison never mixes spots because nobody touched the question.
    area = forms.ChoiceField(label=_("Which part of the head is in the photo?"), choices=Area.choices,
                             widget=forms.RadioSelect, error_messages={"required": ERROR_NO_AREA})
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    # An empty first choice, so nobody is filed under 10대 by not touching the menu.
    age = forms.TypedChoiceField(label=_("Age"), choices=[("", _("Choose your age band")), *AgeBand.choices],
                                 coerce=int, empty_value=None)

    def __init__(self, *args, decode_side: int | None = None, **kwargs):
        """decode_side: the photo is decoded no larger than this (diagnosis.selectors.decode_side: twice the
        largest model input); UPLOAD_DECODE_SIDE when not given."""
        super().__init__(*args, **kwargs)
        self.decode_side = decode_side or settings.UPLOAD_DECODE_SIDE
        days = settings.PHOTO_RETENTION_DAYS
        self.fields["keep_photo"].label = ngettext(
            "Keep my photo for %(days)d day so the site's staff can check how it was graded",
            "Keep my photo for %(days)d days so the site's staff can check how it was graded", days,
        ) % {"days": days}

    def clean_photo(self):
        upload = self.cleaned_data["photo"]
        if upload.size > settings.UPLOAD_MAX_BYTES:  # before reading it into memory
            limit = f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"
            raise forms.ValidationError(ERROR_TOO_LARGE, params={"limit": limit}, code="too_large")
        try:
            # keep_photo is cleaned first; when it is invalid (its own error) the photo is decoded as not kept.
            keep = self.cleaned_data.get("keep_photo", False)
            # At most UPLOAD_DECODE_CONCURRENCY decodes at once, each at most one full-size copy (diagnosis.images).
            with bounded("decode", settings.UPLOAD_DECODE_CONCURRENCY, trim=True):
                return decode_photo(upload.read(), upload_limits(self.decode_side), keep=keep)
        except PhotoError as exc:
            raise forms.ValidationError(exc.message, params=exc.params, code=exc.code) from exc
