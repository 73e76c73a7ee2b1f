"""The OpenAPI document: it names every route and method, and real answers match its schemas."""

import re

import pytest

from curriculum.api.openapi import document

PREFIX = "/api/v1"
IGNORED = {"HEAD", "OPTIONS"}


def _routes(app) -> set[tuple[str, str, str]]:
    """(path, method, endpoint) of every /api/v1 route, in OpenAPI's path syntax."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX) :])
        endpoint = rule.endpoint.removeprefix("api.")
        found |= {(path, method.lower(), endpoint) for method in rule.methods - IGNORED}
    return found


def _documented(doc) -> set[tuple[str, str, str]]:
    """(path, method, operationId) of every operation in the document."""
    return {
        (path, method, operation["operationId"])
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_the_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"].startswith("3.1") and doc["servers"] == [{"url": "/api/v1"}]
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (cur_…).",
    }
    assert {"bearer": []} in doc["security"]


def test_every_route_and_method_is_documented_and_nothing_else(app):
    routes, documented = _routes(app), _documented(document())
    assert routes, "no API routes found"
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "documented operations that do not exist"


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_references_resolve_and_path_parameters_are_declared():
    doc = document()
    schemas = doc["components"]["schemas"]
    for ref in _refs(doc):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    for path, item in doc["paths"].items():
        declared = {p["name"] for p in item.get("parameters", [])}
        for method, operation in item.items():
            if method == "parameters":
                continue
            names = declared | {p["name"] for p in operation.get("parameters", [])}
            assert set(re.findall(r"{(\w+)}", path)) <= names, (path, method)
            assert any(code.startswith("2") for code in operation["responses"]), (path, method)
            if method in ("post", "delete"):
                assert "security" not in operation, "writes always need a credential"


# --- Real answers against the schemas --------------------------------------------------------

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
    "number": (int, float),
}


def check(value, schema, schemas, where="$"):
    """A small JSON Schema check: $ref, allOf, anyOf, type, enum, required, properties,
    additionalProperties, items."""
    if "$ref" in schema:
        check(value, schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, where)
        schema = {k: v for k, v in schema.items() if k != "$ref"}
    for part in schema.get("allOf", []):
        check(value, part, schemas, where)
    if "anyOf" in schema:
        failures = []
        for part in schema["anyOf"]:
            try:
                check(value, part, schemas, where)
                break
            except AssertionError as exc:
                failures.append(str(exc))
        else:
            raise AssertionError(f"{where}: {value!r} matches none of anyOf: {failures}")
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, TYPES[k]) and not (k == "integer" and isinstance(value, bool))
            for k in kinds
        )
        assert ok, f"{where}: {value!r} is not {kinds}"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            assert name in value, f"{where}: {name} is missing"
        properties = schema.get("properties", {})
        for name, sub in properties.items():
            if name in value:
                check(value[name], sub, schemas, f"{where}.{name}")
        if schema.get("additionalProperties") is False:
            extra = set(value) - set(properties)
            assert not extra, f"{where}: undeclared {extra}"
        if "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
            for name, item in value.items():
                if name not in properties:
                    check(item, schema["additionalProperties"], schemas, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], schemas, f"{where}[{i}]")


def _declared_keys(schema, schemas) -> set[str]:
    if "$ref" in schema:
        return _declared_keys(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    keys = set(schema.get("properties", {}))
    for part in schema.get("allOf", []) + schema.get("anyOf", []):
        keys |= _declared_keys(part, schemas)
    return keys


def _conforms(response, method, path):
    doc = document()
    operation = doc["paths"][path][method]
    answer = operation["responses"][str(response.status_code)]
    if "content" not in answer:
        assert response.data == b""
        return
    schema = answer["content"]["application/json"]["schema"]
    schemas = doc["components"]["schemas"]
    check(response.json, schema, schemas)
    if schema != {"$ref": "#/components/schemas/OpenApiDocument"}:
        undocumented = set(response.json) - _declared_keys(schema, schemas)
        assert not undocumented, f"{method} {path}: undocumented keys {undocumented}"


@pytest.fixture
def flow(api_as, partnership, framework, ka, db):
    """Every endpoint called once, with what it answered."""
    partnership.endorsement_quorum = 1
    db.session.commit()
    convener, panelist, viewer = api_as("convener"), api_as("panelist"), api_as("viewer")
    p, f, s = partnership.id, framework.id, ka.id
    skill = {"kind": "skill", "parent_id": s, "title": "Lockout"}
    calls = [
        (viewer, "get", "/", None),
        (viewer, "get", "/openapi.json", None),
        (viewer, "get", "/partnerships", None),
        (viewer, "get", f"/partnerships/{p}/frameworks", None),
        (convener, "post", f"/partnerships/{p}/frameworks", {"title": "Welding"}),
        (convener, "post", f"/partnerships/{p}/frameworks", {"title": ""}),
        (panelist, "post", f"/frameworks/{f}/standards", {"kind": "key_activity", "title": "X"}),
        (panelist, "post", f"/frameworks/{f}/standards", skill),
        (panelist, "get", f"/frameworks/{f}", None),
        (panelist, "get", f"/standards/{s}", None),
        (panelist, "post", f"/standards/{s}/versions", {"base_version": 1, "title": "Inspect"}),
        (panelist, "post", f"/standards/{s}/versions", {"base_version": 2, "title": "Inspect"}),
        (panelist, "post", f"/standards/{s}/versions", {"base_version": 1, "title": "Old"}),
        (panelist, "post", f"/standards/{s}/versions/2/endorsements", {"note": "ok"}),
        (panelist, "delete", f"/standards/{s}/versions/2/endorsements", None),
        (panelist, "post", f"/standards/{s}/versions/2/endorsements", None),
        (panelist, "post", f"/standards/{s}/versions/2/endorsements", None),
        (panelist, "get", f"/standards/{s}/versions/2", None),
        (viewer, "post", f"/standards/{s}/versions/2/review", None),
        (convener, "post", f"/standards/{s}/versions/2/review", None),
        (convener, "post", f"/standards/{s}/versions/1/publish", None),
        (convener, "post", f"/standards/{s}/versions/2/publish", None),
        (viewer, "get", f"/standards/{s}", None),
        (viewer, "get", f"/standards/{s}/versions/2", None),
        (viewer, "get", f"/standards/{s}/versions/1", None),
        (api_as("anonymous"), "post", f"/standards/{s}/versions/2/review", None),
    ]
    return [
        (method, path, getattr(api, method)(PREFIX + path, **({"json": body} if body else {})))
        for api, method, path, body in calls
    ]


def test_answers_match_the_documented_schemas(flow):
    statuses = set()
    for method, path, response in flow:
        template = _template(path)
        assert str(response.status_code) in document()["paths"][template][method]["responses"], (
            method,
            path,
            response.status_code,
            response.data[:200],
        )
        _conforms(response, method, template)
        statuses.add(response.status_code)
    assert statuses == {200, 201, 204, 400, 401, 403, 404, 409}


def _template(path: str) -> str:
    for candidate in document()["paths"]:
        if re.fullmatch(re.sub(r"{\w+}", r"\\d+", candidate), path):
            return candidate
    raise AssertionError(f"no documented path for {path}")


def test_the_schema_check_itself_catches_mistakes():
    schemas = document()["components"]["schemas"]
    good = {"error": "Nope", "status": 400, "fields": {"title": "Nope"}}
    check(good, {"$ref": "#/components/schemas/Error"}, schemas)
    for bad in ({"error": "Nope"}, {"error": 1, "status": 400}, {**good, "fields": {"t": 1}}):
        with pytest.raises(AssertionError):
            check(bad, {"$ref": "#/components/schemas/Error"}, schemas)
