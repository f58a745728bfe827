"""One upload through HTTP, as a browser (the form) or an app (the API) sends it, and the rows it added."""

import sqlite3
import time
from pathlib import Path

import requests


def upload_once(base: str, photo: bytes) -> tuple[int, float]:
    """(302 when the upload reached its results page, else the HTTP status; seconds from POST to page)."""
    session = requests.Session()
    session.get(base + "/", timeout=300)
    start = time.perf_counter()
    # grade_anyway: the benchmark photo is a plain synthetic texture the photo check may refuse; every upload
    # must take the whole path (check, grading, saving) for the timing and the rows-added check to mean anything.
    fields = {"sex": "F", "age": "30", "area": "crown", "grade_anyway": "on",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    response = session.post(base + "/", data=fields, files={"photo": ("scalp.jpg", photo, "image/jpeg")},
                            headers={"Referer": base + "/"}, timeout=300)
    seconds = time.perf_counter() - start
    return (302 if response.ok and "/result/" in response.url else response.status_code), seconds


def upload_api(base: str, photo: bytes) -> tuple[int, float]:
    """(201 when the API graded and stored it, else the HTTP status; seconds for the one request).
    As an app calls it: no session, no CSRF token; grade_anyway for the same reason as the form."""
    start = time.perf_counter()
    response = requests.post(base + "/api/v1/diagnoses", data={"sex": "F", "age": "30", "area": "crown",
                                                                        "grade_anyway": "true"},
                             files={"photo": ("scalp.jpg", photo, "image/jpeg")}, timeout=300)
    return response.status_code, time.perf_counter() - start


# kind -> (upload function, its status for an accepted upload, how the report names it)
UPLOADS = {"form": (upload_once, 302, "upload-to-results"), "api": (upload_api, 201, "api upload (201 JSON)")}


def count_rows(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM diagnosis_human").fetchone()[0]


