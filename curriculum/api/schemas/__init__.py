"""Every JSON object of the API, described once as a pydantic model: the API sends what the
models dump, reads request bodies through them (`inputs.parse`), and the OpenAPI document's
component schemas are their JSON Schemas (`components`). Enums are the domain's own.

base.py: the base classes and value types; general.py: errors, pages, partnerships;
standards.py: frameworks, standards, versions; courses.py: courses and programs; alignment.py:
alignments and coverage; exports.py: PDF export jobs.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, models_json_schema

REF = "#/components/schemas/{model}"


class _Generator(GenerateJsonSchema):
    def enum_schema(self, schema):
        """An enum's values once each: JobState.RENDERING is an alias of RUNNING."""
        found = super().enum_schema(schema)
        found["enum"] = list(dict.fromkeys(found["enum"]))
        return found


def components(
    responses: set[type[BaseModel]], inputs: set[type[BaseModel]]
) -> tuple[dict[type[BaseModel], dict], dict[str, dict]]:
    """The JSON Schemas of the models (responses as they are sent, inputs as they are read):
    the reference to each model, and every schema they need by component name."""
    keys: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (m, "serialization") for m in sorted(responses, key=lambda m: m.__name__)
    ]
    keys += [(m, "validation") for m in sorted(inputs, key=lambda m: m.__name__)]
    refs, document = models_json_schema(keys, ref_template=REF, schema_generator=_Generator)
    by_model: dict[type[BaseModel], dict] = {}
    for (model, _mode), ref in refs.items():
        by_model[model] = dict(ref)  # type: ignore[index]  # only models were given
    return by_model, dict(document.get("$defs", {}))
