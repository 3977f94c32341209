"""Every tool's input schema is valid JSON Schema 2020-12, and a valid request
for every operation validates against its tool's schema: the spec's own
example body where it has one (counted), else the sample generated from the
schemas; an upload's file parts as a path or as base64 content."""

import json

from conftest import ROOT, run_session
from jsonschema import Draft202012Validator


async def all_tools(session):
    return (await session.client.list_tools()).tools


def spec_example(op):
    media = op.get("requestBody", {}).get("content", {}).get("application/json")
    if media is None:
        return None
    if "example" in media:
        return media["example"]
    if "examples" in media:
        return next(iter(media["examples"].values())).get("value")
    return media.get("schema", {}).get("example")


def test_every_schema_is_2020_12_and_every_example_request_fits(spec_operations, samples):
    tools = run_session(["--mock", "--all-tools"], all_tools)
    with_examples = 0
    checked = 0
    for tool in tools:
        schema = tool.input_schema
        assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", tool.name
        Draft202012Validator.check_schema(schema)
        assert len(json.dumps(schema)) < 64_000, tool.name
        op_id = (tool.meta or {}).get("io.reply/operationId")
        if op_id is None:
            continue
        _, _, op = spec_operations[op_id]
        request = samples[op_id]["request"]
        arguments = {**request["path"], **request["query"]}
        example = spec_example(op)
        form = op.get("requestBody", {}).get("content", {}).get("multipart/form-data")
        if form is not None:
            # An upload: each binary part as base64 content with its name, the other fields as sampled.
            files = {name: {"contentBase64": "aGk=", "filename": "a.txt"}
                     for name, field in form["schema"]["properties"].items() if field.get("format") == "binary"}
            arguments["body"] = files
            Draft202012Validator(schema).validate(arguments | {"body": {n: {"path": "/tmp/a.txt"} for n in files}})
            assert list(Draft202012Validator(schema).iter_errors(arguments | {"body": {}})), tool.name
        elif example is not None:
            arguments["body"] = example
            with_examples += 1
        elif request["body"] is not None:
            arguments["body"] = request["body"]
        errors = sorted(Draft202012Validator(schema).iter_errors(arguments), key=str)
        assert not errors, f"{tool.name}: {errors[0].message} at {list(errors[0].absolute_path)}"
        checked += 1
    print(f"{len(tools)} tool schemas valid (JSON Schema 2020-12); {checked} operation requests validated, "
          f"{with_examples} of them the spec's own example bodies")
    assert with_examples >= 50 and checked == len([t for t in tools if (t.meta or {}).get("io.reply/operationId")])
    # Every operation of the spec file (read by the fixture, not from the generator) has its tool.
    assert checked == len(spec_operations), (checked, len(spec_operations))
    # The workflow tools' examples: what their descriptions promise they take.
    by_name = {t.name: t.input_schema for t in tools}
    Draft202012Validator(by_name["ensure_contact"]).validate({"contact": {"email": "a@example.com", "firstName": "A"}})
    Draft202012Validator(by_name["enrol_in_sequence"]).validate({"sequenceId": 1, "contactIds": [1]})
    assert list(Draft202012Validator(by_name["jobs_wait"]).iter_errors({"timeoutSeconds": 5}))
