"""``date-time`` members read as aware ``datetime`` objects; the wire text
stays in ``model["wireName"]``, and a model built with a ``datetime`` sends it
as ISO 8601 text."""

from __future__ import annotations

import datetime as dt

import pytest

import reply
from reply import models

UTC = dt.timezone.utc


def test_timestamps_read_as_aware_datetimes_and_the_wire_text_stays() -> None:
    contact = models.Contact.from_dict({"id": 1, "email": "a@b.c", "createdAt": "2026-01-15T09:30:00Z"})
    assert contact.created_at == dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    assert contact["createdAt"] == "2026-01-15T09:30:00Z"
    assert contact.to_dict()["createdAt"] == "2026-01-15T09:30:00Z"
    assert contact.last_modified_at is None  # absent stays None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-01-15T09:30:00+02:00", dt.datetime(2026, 1, 15, 7, 30, tzinfo=UTC)),
        ("2026-01-15T09:30:00.1234567Z", dt.datetime(2026, 1, 15, 9, 30, 0, 123456, tzinfo=UTC)),
        ("2026-01-15T09:30:00.5-0100", dt.datetime(2026, 1, 15, 10, 30, 0, 500000, tzinfo=UTC)),
        # No offset: taken as UTC, the zone Reply's API speaks.
        ("2026-01-15T09:30:00", dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC)),
        ("2026-01-15 09:30", dt.datetime(2026, 1, 15, 9, 30, tzinfo=UTC)),
    ],
)
def test_the_forms_of_iso_8601_reply_writes(text: str, expected: dt.datetime) -> None:
    read = models.Contact.from_dict({"createdAt": text}).created_at
    assert read == expected and read is not None and read.tzinfo is not None


def test_text_that_is_no_timestamp_is_a_decode_error_naming_the_member() -> None:
    contact = models.Contact.from_dict({"createdAt": "yesterday"})
    with pytest.raises(reply.DecodeError, match="createdAt"):
        _ = contact.created_at
    assert contact["createdAt"] == "yesterday"


def test_a_datetime_given_is_sent_as_iso_text() -> None:
    when = dt.datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    request = models.MoveContactToSequenceRequest(sequence_id=1, start_from=when)
    assert request.to_dict()["startFrom"] == "2026-03-01T08:00:00+00:00"
    assert request.start_from == when
    as_text = models.MoveContactToSequenceRequest(sequence_id=1, start_from="2026-03-01T08:00:00Z")
    assert as_text.to_dict()["startFrom"] == "2026-03-01T08:00:00Z" and as_text.start_from == when
