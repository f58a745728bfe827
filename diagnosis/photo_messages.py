"""What the photo check says to the person, per reason code (ml.photo_check.REASONS)."""

from django.utils.translation import gettext_lazy as _

REASON_MESSAGES = {
    "blurry": _("The photo is out of focus."),
    "dark": _("The photo is too dark."),
    "overexposed": _("The photo is too bright: parts of it are washed out."),
    "flat": _("The photo is almost one flat colour: there is no scalp to see."),
    "unfamiliar": _("The photo does not look like the scalp close-ups the models learned from."),
}
RETAKE_TIPS = {
    "blurry": _("Hold the phone still, or rest the micro-camera on the scalp, and wait until it focuses."),
    "dark": _("Take it in a bright room or switch on the camera's light."),
    "overexposed": _("Move away from direct sunlight or a lamp, and switch the flash off."),
    "flat": _("Point the camera at the scalp itself, close enough that hair and skin fill the frame."),
    "unfamiliar": _("Take a close-up of the scalp from above, hair parted, filling the frame: not a face, a page "
                    "or anything else."),
}
REFUSED_TITLE = _("This photo cannot be graded reliably")
REFUSED_INTRO = _("Nothing was saved. What we found:")
DOUBTFUL_TITLE = _("Check this photo")
DOUBTFUL_INTRO = _("The photo could be graded, but the grades may be unreliable because:")
GRADED_ANYWAY_INTRO = _("You asked to grade this photo although it did not pass the photo check. The grades are "
                        "likely to be wrong because:")
