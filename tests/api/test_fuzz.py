"""Schema-driven fuzzing: schemathesis generates requests for every operation from the live OpenAPI
document and checks each answer: never a 5xx, and status, headers and body as the schema documents.

Bounded so the suite stays quick: FUZZ_EXAMPLES per operation and phase, no deadline (a diagnosis
runs six models). The case count, by status, is printed at the end of the run.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.transport.serialization import Binary

from tests.api.conftest import FUZZ_CASES
from tests.factories import image_bytes, scalp_image
from tests.hospitals.factories import make_hospital

FUZZ_EXAMPLES = 8

# Real scalp-like photos among the generated files, so the success path (201) is fuzzed too, not only
# rejections of random bytes.
PHOTOS = [image_bytes(scalp_image((160, 120), seed=1)), image_bytes(scalp_image((96, 96), seed=2), fmt="PNG")]
schemathesis.openapi.format("binary", st.one_of(st.sampled_from(PHOTOS), st.binary(max_size=2048)).map(Binary))

# The whole Django stack (middleware included) through WSGI, with the schema it serves itself.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _world(weights, settings, db):
    settings.UPLOAD_RATE_LIMIT = "100000/h"
    make_hospital("1", "강남의원", (37.4979, 127.0276))
    # As Django's test client does: a request through the bare WSGI app would otherwise close the test's
    # connection at its end (inside the test transaction), which PostgreSQL then reports as closed.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented_and_never_5xx(case):
    # Not positive_data_acceptance: "schema-valid" bytes are mostly not a photo, and a search needs q or both
    # lat and lon, which the schema cannot say; those rejections are the designed 4xx answers.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    FUZZ_CASES.append(f"{case.method} {case.path} -> {response.status_code}")
    assert response.status_code < 500
