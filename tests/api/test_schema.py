"""The OpenAPI document and the docs page: complete, with examples, and served without any CDN."""

import json
import re

import pytest

PATHS = {"/api/v1/diagnoses", "/api/v1/diagnoses/{id}", "/api/v1/stats", "/api/v1/products",
         "/api/v1/clinics/nearby"}


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"  # swagger-ui refuses such a document
    return dict(pairs)


def test_openapi_document_lists_every_endpoint_with_its_errors(client):
    response = client.get("/api/v1/openapi.json")
    schema = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    assert response.status_code == 200 and schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    create = schema["paths"]["/api/v1/diagnoses"]["post"]
    assert set(create["responses"]) == {"201", "400", "413", "415", "422", "429", "503", "507"}  # 507: storage full
    assert set(create["requestBody"]["content"]["multipart/form-data"]["schema"]["required"]) == {
        "photo", "sex", "age", "area"}
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["code", "message"]


def test_the_delete_token_is_documented_where_it_is_given_and_where_it_is_needed(client):
    schema = client.get("/api/v1/openapi.json").json()
    created = schema["paths"]["/api/v1/diagnoses"]["post"]["responses"]["201"]["content"]["application/json"]
    assert "delete_token" in schema["components"]["schemas"][created["schema"]["$ref"].rsplit("/", 1)[-1]]["required"]
    delete = schema["paths"]["/api/v1/diagnoses/{id}"]["delete"]
    assert {"name": "X-Delete-Token", "in": "header"}.items() <= next(
        p for p in delete["parameters"] if p["in"] == "header").items()
    assert set(delete["responses"]) == {"204", "403", "404"}


def test_schemas_carry_examples(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("DiagnosisOut", "SymptomOut", "ErrorOut", "ProductOut", "ClinicOut"):
        assert any("examples" in field for field in schemas[name]["properties"].values()), name
    text = str(client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/diagnoses"]["post"]["responses"])
    assert "unsupported_format" in text and "rate_limited" in text


def test_docs_page_loads_its_assets_from_our_static_files_and_runs_no_inline_script(client):
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources and "/static/ninja/swagger-ui-init.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']  # data, not code
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert client.get(f"/static/ninja/{asset}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/stats?sex=F&age=30", "/api/v1/diagnoses/nope", "/api/v1/nowhere",
                                  "/api/v1/clinics/nearby?q=강남구"])
def test_api_answers_set_no_cookie_and_follow_accept_language(client, path):
    ko = client.get(path, HTTP_ACCEPT_LANGUAGE="ko")
    en = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert not ko.cookies and not en.cookies
    assert (ko["Content-Language"], en["Content-Language"]) == ("ko", "en")
    assert ko["Content-Type"].startswith("application/json")


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v2/diagnoses")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
