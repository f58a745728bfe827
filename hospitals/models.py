from django.db import models
from django.utils.translation import gettext_lazy as _


class Hospital(models.Model):
    """A clinic from HIRA's 병원정보서비스 file, kept for the nearby-clinics search."""

    code = models.CharField(_("HIRA institution code"), max_length=200, unique=True,
                            help_text="암호화요양기호 (encrypted institution code)")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=50, blank=True, help_text="종별코드명")
    sido = models.CharField(_("province"), max_length=50, blank=True, help_text="시도코드명")
    sigungu = models.CharField(_("district"), max_length=50, blank=True, help_text="시군구코드명")
    dong = models.CharField(_("neighbourhood"), max_length=50, blank=True, help_text="읍면동")
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    url = models.URLField(_("website"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    departments = models.JSONField(_("departments"), default=list, blank=True,
                                   help_text="진료과목코드명 list; empty when no 진료과목 file was joined")
    source_file = models.CharField(_("source file"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), help_text="when this row was last created or changed")

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="hospital_lat_lon_idx"),
            models.Index(fields=["sido", "sigungu"], name="hospital_district_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sigungu})" if self.sigungu else self.name
