"""What the photo check says to the person, per reason code (ml.photo_check.REASONS)."""

from django.utils.translation import gettext_lazy as _

REASON_MESSAGES = {
    "not_scalp": _("This photo does not show a scalp, so there is nothing to grade."),
    "too_far": _("This looks like a head or hair photographed from a distance, not a close-up of the scalp."),
    "blurry": _("The photo is out of focus."),
    "dark": _("The photo is too dark."),
    "overexposed": _("The photo is too bright: parts of it are washed out."),
    "flat": _("The photo is almost one flat colour: there is no scalp to see."),
    "unfamiliar": _("The photo does not look like the scalp close-ups the models learned from."),
}
RETAKE_TIPS = {
    "not_scalp": _("Photograph the skin of your scalp itself, close up."),
    "too_far": _("Come much closer: part the hair, put the camera right against the scalp (a scalp micro-camera "
                 "or a phone's macro mode), so that skin and hair roots fill the frame."),
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
NOT_SCALP_TIPS = (
    _("A scalp close-up shows the skin between the hairs, magnified: hair roots and pores fill the frame."),
    _("Part the hair and hold a scalp micro-camera, or a phone in macro mode, against the scalp."),
    _("Faces, pets, objects, documents, screens and landscapes cannot be graded."),
)
UNFAMILIAR_SYNTHETIC = _("This is a scalp close-up, but this site's grading models are demonstration models "
                         "trained on synthetic images only, so their grades for a real photo are not meaningful.")
UNFAMILIAR_REAL = _("This is a scalp close-up, but it differs from the photos the grading models learned from "
                    "(camera, light or magnification), so the grades may be unreliable.")
NO_RELIABLE_RESULT = _("No reliable result")
