"""The safe workflows (contacts.find_by_email, contacts.ensure/ensure_many,
sequences.enrol, sequence_steps.resolve) against reply-mock, through the
blocking and the asyncio client alike. Set-up and every check of what Reply
holds go through the plain endpoints, never through the workflow under test."""

from __future__ import annotations

import asyncio
import typing as t

import pytest

import reply

from .conftest import PERSONAL_KEY, Mock


class Workflows:
    """The workflow methods of one client flavour, called the same way."""

    def __init__(self, url: str, asynchronous: bool) -> None:
        self.asynchronous = asynchronous
        self.sync = reply.Client(PERSONAL_KEY, base_url=url, quota=None)
        self.aio = reply.AsyncClient(PERSONAL_KEY, base_url=url, quota=None)

    def __call__(self, resource: str, method: str, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if self.asynchronous:
            return asyncio.run(getattr(getattr(self.aio, resource), method)(*args, **kwargs))
        return getattr(getattr(self.sync, resource), method)(*args, **kwargs)


@pytest.fixture(params=["sync", "async"])
def wf(request: pytest.FixtureRequest, mock: Mock) -> t.Iterator[Workflows]:
    flows = Workflows(mock.url, request.param == "async")
    yield flows
    flows.sync.close()


def email_step(parent: t.Optional[int]) -> t.Dict[str, t.Any]:
    return {
        "type": "email",
        "parentId": parent,
        "delayInMinutes": 0,
        "executionMode": "automatic",
        "variants": [{"subject": "Hi", "message": "Hello"}],
    }


def linear_sequence(client: reply.Client, name: str, steps: int) -> t.Tuple[int, t.List[int]]:
    sequence = client.sequences.create(body={"name": name, "steps": [email_step(None)]})
    assert sequence.id is not None
    ids = [client.sequence_steps.list(sequence.id)[0]["id"]]
    for _ in range(steps - 1):
        ids.append(client.sequence_steps.create(sequence.id, body=email_step(ids[-1]))["id"])
    return sequence.id, ids


def contact(client: reply.Client, **body: t.Any) -> int:
    created = client.contacts.create(body=body)
    assert created.id is not None
    return created.id


def members(client: reply.Client, sequence: int) -> t.Dict[int, t.Dict[str, t.Any]]:
    page = client.sequence_contacts.list(sequence, top=1000).to_dict()
    return {m["contactId"]: m for m in page["items"]}


def test_find_by_email_takes_the_exact_address_not_a_containment_match(wf: Workflows, run_token: str) -> None:
    joann = contact(wf.sync, email=f"joann.{run_token}@example.com", firstName="Joann")
    ann = contact(wf.sync, email=f"ann.{run_token}@example.com", firstName="Ann")
    # The raw listing is what the helper guards against: both are candidates for "ann".
    found = wf("contacts", "find_by_email", f"ANN.{run_token}@Example.com")
    assert isinstance(found, reply.models.Contact)
    assert found.id == ann
    assert wf("contacts", "find_by_email", f"joann.{run_token}@example.com").id == joann
    assert wf("contacts", "find_by_email", f"nn.{run_token}@example.com") is None

    with pytest.raises(reply.WorkflowInputError) as refused:
        wf("contacts", "find_by_email", "not an address")
    assert refused.value.kind == "invalid_input"
    assert isinstance(refused.value, ValueError) and isinstance(refused.value, reply.WorkflowError)


def test_ensure_on_an_existing_contact_keeps_the_members_it_did_not_send(wf: Workflows, run_token: str) -> None:
    email = f"ada.{run_token}@example.com"
    ada = contact(wf.sync, email=email, firstName="Ada", lastName="Lovelace", company="Analytical Engines")

    person = {"email": email.upper(), "firstName": "Augusta", "title": "Countess"}
    assert wf("contacts", "ensure", person) == reply.Ensured(id=ada, created=False)
    held = wf.sync.contacts.get(ada)
    assert (held.first_name, held.last_name, held.company) == ("Ada", "Lovelace", "Analytical Engines")
    assert held.title == "Countess", "an empty member is filled"

    typed = reply.models.ContactsImportRequestItemsItem.from_dict({"email": email, "firstName": "Augusta"})
    assert wf("contacts", "ensure", typed, on_existing="overwrite") == reply.Ensured(id=ada, created=False)
    held = wf.sync.contacts.get(ada)
    assert (held.first_name, held.last_name, held.company, held.title) == (
        "Augusta",
        "Lovelace",
        "Analytical Engines",
        "Countess",
    )

    answers = wf(
        "contacts",
        "ensure_many",
        [
            {"email": f"new.{run_token}@example.com", "firstName": "New"},
            {"email": email, "firstName": "Nobody", "company": "Other"},
            {"firstName": "No address"},
        ],
        on_existing="keep",
    )
    assert len(answers) == 3
    assert isinstance(answers[0], reply.Ensured) and answers[0].created
    assert wf.sync.contacts.get(answers[0].id).email == f"new.{run_token}@example.com"
    assert answers[1] == reply.Ensured(id=ada, created=False)
    assert isinstance(answers[2], reply.WorkflowInputError), answers[2]
    kept = wf.sync.contacts.get(ada)
    assert (kept.first_name, kept.company) == ("Augusta", "Analytical Engines"), "keep changes nothing"

    with pytest.raises(reply.WorkflowInputError):
        wf("contacts", "ensure", {"firstName": "No address"})


def test_enrolling_a_mixed_list_answers_per_contact_and_moves_nobody(wf: Workflows, run_token: str) -> None:
    c = wf.sync
    sequence, steps = linear_sequence(c, f"Mixed {run_token}", 2)
    elsewhere, _ = linear_sequence(c, f"Elsewhere {run_token}", 1)
    fresh = contact(c, email=f"fresh.{run_token}@example.com", firstName="Fresh")
    member = contact(c, email=f"member.{run_token}@example.com", firstName="Member")
    opted = contact(c, email=f"opted.{run_token}@example.com", firstName="Opted")
    blocked = contact(c, email=f"blocked.{run_token}@example.com", firstName="Blocked")
    for seq, who in [(sequence, member), (elsewhere, fresh)]:
        added = c.sequence_contacts.bulk_add(seq, body={"contactIds": [who], "removeFromExisting": False})
        assert not added.to_dict().get("notProcessed"), "set-up enrolment refused"
    c.contacts.update(opted, body={"isOptedOut": True})
    c.contact_blacklist_rules.create_email_rule(body={"pattern": f"blocked.{run_token}@example.com"})
    member_before = members(c, sequence)[member]

    report = wf(
        "sequences",
        "enrol",
        sequence,
        [
            fresh,
            f"MEMBER.{run_token}@example.com",
            opted,
            f"blocked.{run_token}@example.com",
            f"nobody.{run_token}@example.com",
            {"email": f"person.{run_token}@example.com", "firstName": "Person"},
        ],
        start_step=2,
    )
    assert isinstance(report, reply.EnrolReport)
    assert (report.sequence_id, report.start_step_id) == (sequence, steps[1])
    O = reply.EnrolOutcome
    assert [r.outcome for r in report.results] == [
        O.ENROLLED,
        O.ALREADY_IN_SEQUENCE,
        O.OPTED_OUT,
        O.BLACKLISTED,
        O.NOT_FOUND,
        O.ENROLLED,
    ]
    assert [r.contact_id for r in report.results[:5]] == [fresh, member, opted, blocked, None]
    assert [r.as_asked for r in report.results] == [True, True, False, False, False, True]
    assert not report.all_as_asked
    assert report.results[1].target == f"MEMBER.{run_token}@example.com"

    # Counted from the mock, not from the report.
    person = report.results[5].contact_id
    assert person is not None
    now = members(c, sequence)
    assert sorted(now) == sorted([fresh, member, person])
    assert now[member] == member_before, "the member was neither moved nor touched"
    assert now[fresh]["currentStep"]["stepId"] == steps[1] == now[person]["currentStep"]["stepId"]
    assert fresh in members(c, elsewhere), "removeFromExisting stayed false"

    failing = wf("sequences", "enrol", sequence, [member], if_already="fail")
    assert failing.results[0].outcome == O.ALREADY_IN_SEQUENCE and not failing.all_as_asked
    assert members(c, sequence)[member] == member_before


def test_resolve_on_a_branched_sequence_refuses_with_a_typed_error(wf: Workflows, run_token: str) -> None:
    c = wf.sync
    linear, ids = linear_sequence(c, f"Linear {run_token}", 3)
    assert [wf("sequence_steps", "resolve", linear, p) for p in (1, 2, 3)] == ids
    with pytest.raises(reply.StepNotFoundError) as missing:
        wf("sequence_steps", "resolve", linear, 4)
    assert (missing.value.kind, missing.value.sequence_id, missing.value.position) == ("step_not_found", linear, 4)

    branched, ids = linear_sequence(c, f"Branched {run_token}", 1)
    condition = c.sequence_steps.create(
        branched,
        body={
            "type": "condition",
            "parentId": ids[0],
            "delayInMinutes": 0,
            "waitInMinutes": 60,
            "conditions": [{"property": "emailOpened", "rules": [{"operator": "equals", "value": "true"}]}],
        },
    )["id"]
    for positive in (True, False):
        c.sequence_steps.create(branched, body={**email_step(condition), "ifConditionPositive": positive})
    assert wf("sequence_steps", "resolve", branched, 1) == ids[0]
    with pytest.raises(reply.StepAmbiguousError) as ambiguous:
        wf("sequence_steps", "resolve", branched, 3)
    assert (ambiguous.value.kind, ambiguous.value.position) == ("step_ambiguous", 3)
    assert isinstance(ambiguous.value, reply.WorkflowError) and isinstance(ambiguous.value, reply.ReplyError)

    # Enrolment at an ambiguous start step is refused the same way, before anything is written.
    fresh = contact(c, email=f"branch.{run_token}@example.com", firstName="Branch")
    with pytest.raises(reply.StepAmbiguousError):
        wf("sequences", "enrol", branched, [fresh], start_step=3)
    assert fresh not in members(c, branched)


def test_an_engine_failure_inside_a_workflow_keeps_its_own_class(wf: Workflows) -> None:
    # The mock answers the steps of an unknown sequence with 400 sequence.notFound.
    with pytest.raises(reply.ValidationError) as missing:
        wf("sequence_steps", "resolve", 987654321, 1)
    assert missing.value.code == "sequence.notFound" and not isinstance(missing.value, reply.WorkflowError)


def test_a_with_options_view_is_refused_rather_than_its_options_dropped(wf: Workflows) -> None:
    with pytest.raises(reply.ConfigError, match="with_options"):
        if wf.asynchronous:
            asyncio.run(wf.aio.with_options(team_id=2).contacts.find_by_email("ann@example.com"))
        else:
            wf.sync.with_options(team_id=2).contacts.find_by_email("ann@example.com")
