"""`reply mcp --mock` driven by the official Python MCP client over stdio:
the tool list checked against the spec, then a read, a write, a paged list
with its cursor, a job followed by jobs_wait, the safe workflows, uploads,
errors, `--read-only`, and the key kept out of every answer and log line."""

import base64

import anyio
import httpx
import pytest
from conftest import ROOT, Session, reply_binary, run_session
from mcp import Client

# The default tool set, named independently of the generator: contacts, lists,
# sequences, enrolment, inbox, tasks, reports, webhooks, and who the key acts as.
CORE_TAGS = {"Contacts", "Contact Lists", "Sequences", "Sequence Contacts", "Inbox", "Tasks", "Reports",
             "Webhooks", "User Account"}
WORKFLOWS = {"find_contact_by_email", "ensure_contact", "enrol_in_sequence", "resolve_sequence_step"}
# The key the embedded mock hands the server; it must never reach a tool answer or the log.
MOCK_KEY = "mock-personal-key"


def is_upload(op) -> bool:
    return "multipart/form-data" in op.get("requestBody", {}).get("content", {})


async def list_tools(session: Session):
    return (await session.client.list_tools()).tools


def test_default_tools_are_the_curated_tags_plus_workflows(spec_operations):
    expected = sum(1 for (_, _, op) in spec_operations.values() if op["tags"][0] in CORE_TAGS)
    tools = run_session(["--mock"], list_tools)
    names = {t.name for t in tools}
    print(f"default tools: {len(tools)} ({expected} operations of the curated tags + {len(WORKFLOWS)} workflows)")
    assert len(tools) == len(names) == expected + len(WORKFLOWS)
    assert WORKFLOWS <= names
    assert {"contacts_list", "sequences_start", "sequence_contacts_list", "inbox_list_threads"} <= names
    assert "jobs_wait" not in names  # no tool of the default set starts a job


def test_all_tools_and_their_annotations_follow_the_spec(spec_operations):
    tools = run_session(["--mock", "--all-tools"], list_tools)
    # One tool per operation the spec file lists (counted here from the YAML, uploads included).
    expected = len(spec_operations)
    print(f"--all-tools: {len(tools)} tools for the spec's {expected} operations + {len(WORKFLOWS)} workflows + jobs_wait")
    assert len(tools) == expected + len(WORKFLOWS) + 1  # + jobs_wait
    assert {(t.meta or {}).get("io.reply/operationId") for t in tools} >= set(spec_operations)
    checked = 0
    for tool in tools:
        meta = tool.meta or {}
        op_id = meta.get("io.reply/operationId")
        if op_id is None:
            assert tool.name in WORKFLOWS | {"jobs_wait"}
            continue
        method, path, op = spec_operations[op_id]
        hints = tool.annotations
        assert tool.title == op["summary"]
        assert op["summary"].rstrip(".") in tool.description and "docs.reply.io" in tool.description
        assert len(tool.description) < 400, tool.name  # short: never the spec's prose
        if method == "get":
            assert hints.read_only_hint is True, tool.name
        if method in ("put", "patch", "delete") or (method == "post" and op_id.startswith(("Create", "Delete"))):
            assert hints.read_only_hint is False, tool.name
        if method == "delete":
            assert hints.destructive_hint is True and hints.idempotent_hint is True, tool.name
        if hints.read_only_hint is False:
            assert hints.destructive_hint is not None and hints.idempotent_hint is not None, tool.name
        if op.get("x-required-scope"):
            assert f"Scope: {op['x-required-scope']}" in tool.description
        checked += 1
    assert checked == expected


def test_read_write_and_a_paged_list_with_its_cursor():
    async def body(s: Session):
        error, contact = await s.call("contacts_get", {"id": 1})
        assert not error and contact["id"] == 1
        created = []
        for n in range(5):
            error, made = await s.call("contacts_create", {"body": {"email": f"page{n}@example.com", "firstName": f"P{n}"}})
            assert not error, made
            created.append(made["id"])
        error, again = await s.call("contacts_get", {"id": created[0]})
        assert not error and again["email"] == "page0@example.com"
        seen, cursor, pages = [], None, 0
        while True:
            args = {"top": 2} | ({"cursor": cursor} if cursor else {})
            error, page = await s.call("contacts_list", args)
            assert not error, page
            pages += 1
            assert len(page["items"]) <= 2
            seen += [item["id"] for item in page["items"]]
            if not page["hasMore"]:
                assert "nextCursor" not in page
                break
            cursor = page["nextCursor"]
        assert pages >= 3 and len(seen) == len(set(seen)) and set(created) <= set(seen)
        error, bad = await s.call("contacts_list", {"cursor": "not-a-cursor"})
        assert error and bad["error"]["kind"] == "invalid_input"

    run_session(["--mock"], body)


def test_a_job_is_followed_by_jobs_wait():
    async def body(s: Session):
        names = {t.name for t in await list_tools(s)}
        assert {"email_validations_schedule", "jobs_wait"} <= names
        error, started = await s.call("email_validations_schedule", {"body": {"contactIds": [1], "acceptPartial": True}})
        assert not error, started
        assert started["jobId"] and "jobs_wait" in started["next"]
        error, job = await s.call("jobs_wait", {"jobId": started["jobId"], "timeoutSeconds": 30})
        assert not error, job
        assert job["status"] == "Done"
        error, missing = await s.call("jobs_wait", {"jobId": "not-a-guid"})
        assert error and missing["error"]["status"] == 400

    run_session(["--mock", "--tools", "email-validations"], body)


def test_safe_workflows():
    async def body(s: Session):
        person = {"email": "Ada@Example.com", "firstName": "Ada", "company": "Engines"}
        error, first = await s.call("ensure_contact", {"contact": person})
        assert not error and first["outcome"] == "created", first
        error, second = await s.call("ensure_contact", {"contact": {"email": "ada@example.com", "firstName": "Ada"}})
        assert not error and second["outcome"] == "matched" and second["id"] == first["id"]
        error, found = await s.call("find_contact_by_email", {"email": "ADA@example.com"})
        assert not error and found["found"] and found["contact"]["id"] == first["id"]
        assert found["contact"]["company"] == "Engines"  # matching blanked nothing
        error, none = await s.call("find_contact_by_email", {"email": "nobody@example.com"})
        assert not error and none == {"found": False, "email": "nobody@example.com"}
        error, sequence = await s.call("sequences_create", {"body": {"name": "MCP", "steps": [
            {"type": "email", "delayInMinutes": 0, "executionMode": "automatic",
             "variants": [{"subject": "Hi", "message": "Hello"}]}]}})
        assert not error, sequence
        error, step = await s.call("resolve_sequence_step", {"sequenceId": sequence["id"], "position": 1})
        assert not error and isinstance(step["stepId"], int)
        enrol = {"sequenceId": sequence["id"], "contactIds": [first["id"]], "emails": ["nobody@example.com"]}
        error, report = await s.call("enrol_in_sequence", enrol)
        assert not error, report
        assert [r["outcome"] for r in report["results"]] == ["enrolled", "not_found"]
        error, again = await s.call("enrol_in_sequence", enrol | {"emails": []})
        assert not error and again["results"][0]["outcome"] == "already_in_sequence" and again["allAsAsked"]
        error, refused = await s.call("resolve_sequence_step", {"sequenceId": sequence["id"], "position": 9})
        assert error and refused["error"]["kind"] == "step_not_found"

    run_session(["--mock"], body)


def test_every_upload_has_a_tool_taking_a_path_under_an_upload_dir_or_base64(spec_operations, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "deck.pdf").write_bytes(b"%PDF-1.7 a deck")
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret words")
    uploads = {op_id for op_id, (_, _, op) in spec_operations.items() if is_upload(op)}

    async def body(s: Session):
        tools = {(t.meta or {}).get("io.reply/operationId"): t for t in await list_tools(s)}
        assert len(uploads) == 8 and uploads <= set(tools)
        for op_id in uploads:
            form = tools[op_id].input_schema["properties"]["body"]
            assert "body" in tools[op_id].input_schema["required"]
            assert form["required"] == ["file"] and {"path", "contentBase64"} <= set(form["properties"]["file"]["properties"])
            assert tools[op_id].annotations.read_only_hint is False
        error, by_path = await s.call("attachments_upload", {"body": {"file": {"path": str(folder / "deck.pdf")}}})
        assert not error and by_path["id"], by_path
        content = base64.b64encode(b"hello from the model").decode()
        error, by_content = await s.call("email_templates_upload_attachment",
                                         {"body": {"file": {"contentBase64": content, "filename": "hello.txt"}}})
        assert not error, by_content
        error, missing = await s.call("attachments_upload", {"body": {"file": {"path": str(folder / "nope.pdf")}}})
        assert error and missing["error"]["kind"] == "invalid_input" and "no file at" in missing["error"]["message"]
        error, outside = await s.call("attachments_upload", {"body": {"file": {"path": str(secret)}}})
        assert error and "outside the folders" in outside["error"]["message"], outside
        error, climbing = await s.call("attachments_upload",
                                       {"body": {"file": {"path": f"{folder}/../secret.txt"}}})
        assert error and "without `..`" in climbing["error"]["message"], climbing
        error, no_file = await s.call("attachments_upload", {"body": {}})
        assert error and no_file["error"]["status"] == 400 and no_file["error"]["errors"][0]["pointer"] == "/file"
        return s.texts, s.stderr()

    texts, stderr = run_session(["--mock", "--all-tools", "--upload-dir", str(folder)], body)
    assert all("top secret" not in text for text in [*texts, stderr])

    async def without_upload_dir(s: Session):
        return await s.call("attachments_upload", {"body": {"file": {"path": str(folder / "deck.pdf")}}})

    error, refused = run_session(["--mock", "--tools", "attachments"], without_upload_dir)
    assert error and "--upload-dir" in refused["error"]["message"] and "contentBase64" in refused["error"]["message"]


def test_errors_carry_status_code_detail_and_pointers():
    async def body(s: Session):
        error, missing = await s.call("contacts_get", {"id": 987654})
        assert error
        assert missing["error"]["status"] == 404 and missing["error"]["code"] and missing["error"]["detail"]
        error, invalid = await s.call("contacts_create", {"body": {"email": "not-an-email", "firstName": "X"}})
        assert error and invalid["error"]["status"] == 400, invalid
        assert invalid["error"]["errors"][0]["pointer"], invalid
        error, unfit = await s.call("contacts_create", {"body": {"firstName": 5}})
        assert error and unfit["error"]["kind"] == "config" and "firstName" in unfit["error"]["message"], unfit
        with pytest.raises(Exception):
            await s.client.call_tool("no_such_tool", {})

    run_session(["--mock"], body)


def test_read_only_offers_no_tool_that_changes_state(spec_operations):
    async def body(s: Session):
        tools = await list_tools(s)
        assert tools
        for tool in tools:
            assert tool.annotations.read_only_hint is True, tool.name
            op_id = (tool.meta or {}).get("io.reply/operationId")
            if op_id:
                method, _, op = spec_operations[op_id]
                assert method == "get" or op_id.startswith(("Get", "List", "Filter", "Count", "Estimate", "Search",
                                                            "Render", "Preview", "Test")), op_id
        names = {t.name for t in tools}
        assert "contacts_list" in names and "find_contact_by_email" in names
        assert not names & {"contacts_create", "contacts_delete", "ensure_contact", "enrol_in_sequence",
                            "sequences_start", "inbox_send_thread_message"}
        with pytest.raises(Exception):
            await s.client.call_tool("contacts_create", {"body": {"email": "x@example.com"}})
        return len(tools)

    count = run_session(["--mock", "--read-only", "--all-tools"], body)
    print(f"--read-only --all-tools: {count} tools, all reads")


def test_the_key_never_appears_in_answers_or_logs():
    async def mock_session(s: Session):
        await s.call("contacts_list", {"top": 1})
        await s.call("contacts_get", {"id": 987654})
        await s.call("ensure_contact", {"contact": {"email": "k@example.com", "firstName": "K"}})
        return s.texts, s.stderr()

    texts, stderr = run_session(["--mock", "-vvv"], mock_session)
    assert "contacts_list" in stderr or "GetContacts" in stderr  # the log did record the calls
    for text in [*texts, stderr]:
        assert MOCK_KEY not in text

    secret = "sk-live-DO-NOT-LEAK-4f9a8b7c6d"

    async def real_session(s: Session):
        error, answer = await s.call("contacts_list", {"top": 1})
        assert error, answer
        return s.texts, s.stderr()

    env = {"REPLY_API_KEY": secret, "REPLY_BASE_URL": "http://127.0.0.1:9", "REPLY_CONFIG_DIR": str(ROOT / "target"),
           "RUST_LOG": "trace"}
    texts, stderr = run_session(["--deadline", "2"], real_session, env=env)
    assert texts and stderr
    for text in [*texts, stderr]:
        assert secret not in text and secret[-8:] not in text


def test_the_initialize_handshake_and_streamable_http():
    assert run_session(["--mock"], list_tools, mode="legacy")

    async def over_http():
        import socket
        import subprocess

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([reply_binary(), "mcp", "--mock", "--http", f"127.0.0.1:{port}"],
                                  stderr=subprocess.PIPE, text=True)
        try:
            assert "streamable HTTP" in server.stderr.readline()
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                tools = (await client.list_tools()).tools
                result = await client.call_tool("contacts_get", {"id": 1})
            # A web page in the user's browser (it sends an Origin) or a rebound DNS name is refused.
            ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
            headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
            async with httpx.AsyncClient() as http:
                url = f"http://127.0.0.1:{port}/mcp"
                from_page = await http.post(url, json=ping, headers=headers | {"Origin": "https://evil.example"})
                rebound = await http.post(url, json=ping, headers=headers | {"Host": f"evil.example:{port}"})
            assert from_page.status_code == 403 and rebound.status_code == 403, (from_page, rebound)
            return len(tools), result.is_error
        finally:
            server.terminate()
            server.wait(10)

    count, is_error = anyio.run(over_http)
    assert count > 100 and not is_error

    refused = __import__("subprocess").run([reply_binary(), "mcp", "--mock", "--http", "0.0.0.0:8765"],
                                           capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2 and "loopback" in refused.stderr


def test_team_id_reaches_every_call():
    async def whoami(s: Session):
        return await s.call("user_account_whoami")

    error, me = run_session(["--mock", "--team-id", "1"], whoami)
    assert not error and me["teamId"] == 1
    error, refused = run_session(["--mock", "--team-id", "2"], whoami)
    assert error and refused["error"]["status"] == 403 and refused["error"]["code"] == "TEAM_NOT_ACCESSIBLE"
    assert refused["error"]["teams"] == [{"teamId": 1, "teamName": "Sales"}]
