"""Schemathesis hooks for running the spec against reply-mock.

Each transform below corrects a defect of the *description*, not of the
server: no server could satisfy the spec as written on these points. They are
applied to the loaded schema only (the spec file is never modified) and
counted; the counts are printed when the schema loads, so a run shows what was
changed. Loaded through SCHEMATHESIS_HOOKS=hooks with this directory on PYTHONPATH.
"""

import sys
from collections import Counter

import schemathesis


@schemathesis.hook
def before_load_schema(context, raw_schema):
    applied = Counter()
    operations = [
        operation
        for item in raw_schema.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict) and "responses" in operation
    ]
    for operation in operations:
        for status, response in operation["responses"].items():
            fix = _fix_response(str(status), response)
            if fix:
                applied[fix] += 1
    problem = next(
        op["responses"]["400"] for op in operations if "application/problem+json" in op["responses"].get("400", {}).get("content", {})
    )
    for operation in operations:
        if _takes_input(operation) and "400" not in operation["responses"]:
            # 180 operations document the 400 validation problem; these take
            # parameters or a body too but forgot it. A server must refuse input
            # the schema forbids (negative mode demands it), and any refusal of
            # theirs would be "undocumented". They get the spec's own 400
            # response, so the refusal's body is still checked against it.
            operation["responses"]["400"] = problem
            applied["400 validation problem added"] += 1
    applied["null added to nullable enums"] = _allow_null_in_nullable_enums(raw_schema.get("paths", {}), set())
    summary = ", ".join(f"{name}: {count}" for name, count in sorted(applied.items()))
    print(f"hooks.py: {summary}", file=sys.stderr)


def _takes_input(operation):
    return bool(operation.get("parameters") or operation.get("requestBody"))


def _fix_response(status, response):
    """Corrects one response description; the name of the fix applied, if any."""
    content = response.get("content")
    if not content:
        return None
    if status == "204":
        # RFC 9110 §15.3.5: a 204 response cannot contain content. The spec
        # attaches an `application/json` "Empty body" schema to 47 of its 204s,
        # which makes schemathesis demand a Content-Type and a JSON document
        # from a response that by definition has neither.
        del response["content"]
        return "204 content dropped"
    problem = content.get("application/problem+json")
    if problem and "oneOf" in problem.get("schema", {}):
        # The problem variants (plain problem, business problem with `code`,
        # validation problem with `errors[]`) extend one envelope and leave
        # every member optional, so they overlap by construction: any problem
        # body matches several variants and therefore fails `oneOf` (the spec's
        # own 377 error examples do; see ../shared/reply-api/README.md,
        # "Quirks"). `anyOf` is what the description means: the body is one of
        # these shapes. Member types and required members are still checked.
        schema = problem["schema"]
        schema["anyOf"] = schema.pop("oneOf")
        return "problem oneOf -> anyOf"
    return None


def _allow_null_in_nullable_enums(node, seen):
    """Adds `null` to the enum of every `nullable: true` schema; the number changed.

    The spec marks optional enum members `nullable: true` ("may be null"), but
    under OpenAPI 3.0.3 an enum still lists every allowed value, so schemathesis
    reads `{"nullable": true, "enum": ["new", "finished"]}` as "null is invalid"
    and demands that the server refuse it. Reply (and the SDK, which sends
    `null` to clear such a member) reads it as nullable. Listing `null` says
    what the spec means in the form the tool understands.
    """
    if id(node) in seen:
        return 0
    seen.add(id(node))
    changed = 0
    if isinstance(node, dict):
        values = node.get("enum")
        if node.get("nullable") is True and isinstance(values, list) and None not in values:
            values.append(None)
            changed += 1
        for key, value in node.items():
            if key not in ("example", "examples"):
                changed += _allow_null_in_nullable_enums(value, seen)
    elif isinstance(node, list):
        for value in node:
            changed += _allow_null_in_nullable_enums(value, seen)
    return changed
