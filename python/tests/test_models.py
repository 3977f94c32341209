"""The generated models: attribute access, wire JSON, equality, repr, unknown
members and enum values, unions, and the absent/null distinction."""

from __future__ import annotations

import reply
from reply import models


def test_wraps_wire_json_with_snake_case_attributes() -> None:
    c = models.Contact.from_dict({"id": 7, "firstName": "Ada", "companySize": "fifty", "newMember": [1]})
    assert (c.id, c.first_name, c.last_name) == (7, "Ada", None)
    assert c.extra == {"newMember": [1]} and c["newMember"] == [1] and "firstName" in c
    assert c.to_dict() == {"id": 7, "firstName": "Ada", "companySize": "fifty", "newMember": [1]}
    assert repr(c) == "Contact(id=7, first_name='Ada', company_size='fifty', extra={'newMember': [1]})"


def test_equality_and_copies() -> None:
    data = {"id": 1, "email": "a@b.c"}
    a, b = models.Contact.from_dict(data), models.Contact.from_dict(data)
    assert a == b and a != models.Contact.from_dict({"id": 2}) and a != data
    a.to_dict()["id"] = 99
    assert a.id == 1


def test_enums_keep_unknown_values() -> None:
    known = models.Contact.from_dict({"companySize": "fifty"}).company_size
    assert isinstance(known, models.StrEnum) and known == "fifty" and known is models.ContactCompanySize.FIFTY
    unknown = models.Contact.from_dict({"companySize": "a-million"}).company_size
    assert unknown == "a-million" and not isinstance(unknown, models.StrEnum)


def test_nested_models_and_lists() -> None:
    page = models.GetContactsResponse.from_dict({"items": [{"id": 1}, {"id": 2}], "hasMore": False})
    assert [c.id for c in page.items] == [1, 2] and all(isinstance(c, models.Contact) for c in page.items)
    assert page.has_more is False
    # A null in a list of models stays None, and an absent or null list is None.
    gaps = models.GetContactsResponse.from_dict({"items": [None, {"id": 3}]})
    assert gaps.items is not None and gaps.items[0] is None and gaps.items[1].id == 3
    assert models.GetContactsResponse.from_dict({}).items is None
    assert models.GetContactsResponse.from_dict({"items": None}).items is None


def test_unions_dispatch_on_their_tag() -> None:
    step = models.Sequence.from_dict({"steps": [{"type": "email", "delayInMinutes": 0}, {"type": "telepathy"}]}).steps
    assert step is not None
    assert isinstance(step[0], models.EmailStep) and step[0].delay_in_minutes == 0
    assert type(step[1]) is reply.Model and step[1]["type"] == "telepathy"


def test_building_models_keeps_absent_and_null_apart() -> None:
    body = models.ContactPatchRequest(title=None, first_name="Ada")
    assert body.to_dict() == {"title": None, "firstName": "Ada"}
    seq = models.SequenceCreate(name="x", steps=[models.EmailStep(delay_in_minutes=0)])
    assert seq.to_dict()["steps"] == [{"delayInMinutes": 0}]
