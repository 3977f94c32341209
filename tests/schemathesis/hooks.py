"""Schemathesis hooks for running the spec against reply-mock.

Each transform below corrects a defect of the *description*, not of the
server: no server could satisfy the spec as written on these points. They are
applied to the loaded schema only (the spec file is never modified) and
counted; the counts are printed when the schema loads, so a run shows what was
changed. Loaded through SCHEMATHESIS_HOOKS=hooks with this directory on PYTHONPATH.
"""

import json
import re
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
    applied["null added to nullable enums"] = sum(
        map(_allow_null_in_nullable_enums, _schema_nodes(raw_schema.get("paths", {})))
    )
    for operation in operations:
        for fix in _bound_paging(operation):
            applied[fix] += 1
    applied["int64/int16 range given to unbounded integers"] = sum(map(_bound_integers, _schema_nodes(raw_schema)))
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


def _allow_null_in_nullable_enums(node):
    """Adds `null` to the enum of a `nullable: true` schema; 1 if it did.

    The spec marks optional enum members `nullable: true` ("may be null"), but
    under OpenAPI 3.0.3 an enum still lists every allowed value, so schemathesis
    reads `{"nullable": true, "enum": ["new", "finished"]}` as "null is invalid"
    and demands that the server refuse it. Reply (and the SDK, which sends
    `null` to clear such a member) reads it as nullable. Listing `null` says
    what the spec means in the form the tool understands.
    """
    values = node.get("enum")
    if node.get("nullable") is True and isinstance(values, list) and None not in values:
        values.append(None)
        return 1
    return 0


def _schema_nodes(node, seen=None):
    """Every mapping under `node` once (YAML anchors share them), examples left out."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from _schema_nodes(value, seen)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_nodes(value, seen)


def _bound_paging(operation):
    """Puts the paging bounds the spec states only in words into `top`'s and `skip`'s schemas.

    `top`'s maximum is in its description ("(default 100, max 1000)": the
    number after "max ", the rule reply-codegen's `page_limits_from_prose`
    applies for the SDK) or in the operation's own 400 example ("Parameter
    'top' must be between 1 and 1000", "'top' must not exceed 1000"). A page
    holds at least one item: where the examples state a range it starts at
    1, and `top=0` is refused as invalid paging throughout. `skip` counts
    items ("Number of items to skip"), so it is not negative; 13 operations
    say `minimum: 0`, the other 50 only in words. Without these bounds
    schemathesis calls `top=0` or `top=5000` valid and demands a 2xx for
    them. The names of the fixes applied.
    """
    fixes = []
    examples = json.dumps(operation["responses"].get("400", {}))
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        name = parameter.get("name")
        if parameter.get("in") != "query" or name not in ("top", "skip") or schema.get("type") != "integer":
            continue
        if name == "skip":
            if "minimum" not in schema:
                schema["minimum"] = 0
                fixes.append("skip minimum 0 from prose")
            continue
        if "maximum" not in schema:
            stated = re.search(r"max (\d+)", parameter.get("description", ""))
            example = re.search(r"'top' must (?:be between \d+ and|not exceed) (\d+)", examples)
            if stated or example:
                schema["maximum"] = int((stated or example).group(1))
                fixes.append("top maximum from prose" if stated else "top maximum from 400 example")
        if "minimum" not in schema:
            schema["minimum"] = 1
            fixes.append("top minimum 1")
    return fixes


INT_RANGES = {"int16": (-(2**15), 2**15 - 1), "int32": (-(2**31), 2**31 - 1), None: (-(2**63), 2**63 - 1)}


def _bound_integers(node):
    """Gives an integer schema without a bound the range of its format; 1 if it did.

    The spec leaves most integers unbounded, so schemathesis sends ids such
    as 393441423834733444166196882571264 as valid input. Reply's ids and
    counts are 64-bit (`format: int64` where stated; the SDK types them
    i64), and no server accepts an unbounded integer; `format: int16` ones
    (21: colour ids, throttling seconds) get the 16-bit range their format names. A bound the spec does state is kept.
    """
    kind = node.get("type")
    if not (kind == "integer" or (isinstance(kind, list) and "integer" in kind)):
        return 0
    low, high = INT_RANGES.get(node.get("format"), INT_RANGES[None])
    added = False
    if "minimum" not in node and "exclusiveMinimum" not in node:
        node["minimum"] = low
        added = True
    if "maximum" not in node and "exclusiveMaximum" not in node:
        node["maximum"] = high
        added = True
    return int(added)


def _whole_numbers_as_integers(values):
    """`2790.0` → `2790` in a parameter mapping.

    JSON Schema counts 2790.0 as an integer, and schemathesis sometimes draws
    one for an `integer` path or query parameter, then writes it into the URL
    as `2790.0`. A URL carries a number as text; the text of an integer is its
    digits, as every client (the SDK included) writes it. In a JSON body the
    mock takes 2790.0 as the integer it is.
    """
    if not values:
        return values
    return {
        name: int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**63 else value
        for name, value in values.items()
    }


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    return _whole_numbers_as_integers(path_parameters)


@schemathesis.hook
def map_query(context, query):
    return _whole_numbers_as_integers(query)
