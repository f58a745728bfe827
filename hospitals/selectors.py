"""Reads for the hospitals app: the clinics nearest a point, and where a typed district is."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db.models import Avg, Count, Q

from common.links import safe_url
from hospitals.models import Hospital

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180
KAKAO_SEARCH_URL = "https://map.kakao.com/link/search/"
MAX_QUERY_TERMS = 5
# Full province names as people type them -> the short 시도코드명 HIRA stores.
SIDO_SHORT = {
    "서울특별시": "서울", "서울시": "서울", "부산광역시": "부산", "부산시": "부산", "대구광역시": "대구",
    "대구시": "대구",
    "인천광역시": "인천", "인천시": "인천", "광주광역시": "광주", "대전광역시": "대전", "대전시": "대전",
    "울산광역시": "울산", "울산시": "울산", "세종특별자치시": "세종", "경기도": "경기", "강원도": "강원",
    "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남", "전라북도": "전북", "전북특별자치도": "전북",
    "전라남도": "전남", "경상북도": "경북", "경상남도": "경남", "제주특별자치도": "제주", "제주도": "제주",
}
NEARBY_FIELDS = ("name", "address", "phone", "url", "latitude", "longitude", "sigungu", "kind")
# Limits, overridable in settings.
DEFAULT_LIMIT = getattr(settings, "HOSPITALS_NEARBY_LIMIT", 10)
MAX_LIMIT = getattr(settings, "HOSPITALS_NEARBY_MAX_LIMIT", 50)
DEFAULT_RADIUS_KM = getattr(settings, "HOSPITALS_NEARBY_RADIUS_KM", 20.0)
MAX_RADIUS_KM = getattr(settings, "HOSPITALS_NEARBY_MAX_RADIUS_KM", 100.0)


@dataclass(frozen=True)
class NearbyHospital:
    name: str
    address: str
    phone: str
    url: str
    kind: str
    latitude: float
    longitude: float
    distance_km: float
    kakao_url: str

    def as_json(self) -> dict:
        return {"name": self.name, "address": self.address, "phone": self.phone, "url": self.url,
                "kind": self.kind, "lat": self.latitude, "lon": self.longitude,
                "distance_km": round(self.distance_km, 2), "kakao_url": self.kakao_url}


@dataclass(frozen=True)
class Center:
    latitude: float
    longitude: float
    label: str = ""
    matches: int = 0  # for a district: how many stored clinics its centre was averaged from

    def as_json(self) -> dict:
        return {"lat": round(self.latitude, 6), "lon": round(self.longitude, 6), "label": self.label}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle; served by the (latitude, longitude) index."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def kakao_search_url(name: str, sigungu: str = "") -> str:
    """A Kakao Map search for the clinic; the district keeps same-named clinics elsewhere out."""
    return KAKAO_SEARCH_URL + quote(f"{sigungu} {name}".strip())


def hospitals_nearby(*, lat: float, lon: float, limit: int = DEFAULT_LIMIT,
                     radius_km: float = DEFAULT_RADIUS_KM) -> list[NearbyHospital]:
    """The `limit` clinics nearest (lat, lon) within radius_km, nearest first, with distances."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
    candidates = Hospital.objects.filter(latitude__range=(min_lat, max_lat),
                                         longitude__range=(min_lon, max_lon)).values(*NEARBY_FIELDS)
    found = []
    for row in candidates.iterator(chunk_size=2000):
        distance = haversine_km(lat, lon, row["latitude"], row["longitude"])
        if distance <= radius_km:
            found.append((distance, row))
    found.sort(key=lambda item: (item[0], item[1]["name"]))
    return [_nearby(row, distance) for distance, row in found[:limit]]


def _nearby(row: dict, distance: float) -> NearbyHospital:
    return NearbyHospital(name=row["name"], address=row["address"], phone=row["phone"], url=safe_url(row["url"]),
                          kind=row["kind"], latitude=row["latitude"], longitude=row["longitude"],
                          distance_km=distance, kakao_url=kakao_search_url(row["name"], row["sigungu"]))


def locate_district(query: str) -> Center | None:
    """The centre of a typed district or address, e.g. '강남구' or '서울 강남구 역삼동'.

    There is no geocoder on the server, so the centre is the average position of the stored clinics
    whose province, district and neighbourhood match every word typed; when the words do not all name
    those, they are matched against the full stored addresses instead. None when nothing matches.
    """
    typed = query.split()[:MAX_QUERY_TERMS]
    if not typed:
        return None
    structured = [SIDO_SHORT.get(term, term) for term in typed]
    for terms, lookups in ((structured, ("sido", "sigungu", "dong")), (typed, ("sigungu", "dong", "address"))):
        condition = Q()
        for term in terms:
            condition &= _any_field_contains(lookups, term)
        found = Hospital.objects.filter(condition).aggregate(lat=Avg("latitude"), lon=Avg("longitude"),
                                                             n=Count("id"))
        if found["n"]:
            return Center(found["lat"], found["lon"], label=" ".join(typed), matches=found["n"])
    return None


def _any_field_contains(fields: tuple[str, ...], term: str) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": term})
    return condition


def hospitals_loaded() -> bool:
    return Hospital.objects.exists()


@dataclass(frozen=True)
class NearbySearch:
    center: Center | None  # None: the typed district matched no stored clinic
    results: list[NearbyHospital]
    radius_km: float


def nearby_search(*, q: str = "", lat: float | None = None, lon: float | None = None,
                  limit: int = DEFAULT_LIMIT, radius_km: float = DEFAULT_RADIUS_KM) -> NearbySearch:
    """Clinics near a point, or near the centre of a typed district when no point is given."""
    center = Center(lat, lon) if lat is not None and lon is not None else locate_district(q)
    if center is None:
        return NearbySearch(None, [], radius_km)
    results = hospitals_nearby(lat=center.latitude, lon=center.longitude, limit=limit, radius_km=radius_km)
    return NearbySearch(center, results, radius_km)
