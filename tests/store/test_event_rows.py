"""An event row shows its date at the precision the text gives, never a made-up day."""

from __future__ import annotations

import pytest

from newsgraph.records import Event, EventDate, Span
from newsgraph.store import EventRow


def row(date: EventDate | None) -> EventRow:
    span = Span(0, 4, "text")
    event = Event("CONSULT", None, None, (), (), date, None, span, span)
    return EventRow("doc", None, "2022-03-18", None, event, None, ())


@pytest.mark.parametrize(
    ("date", "shown"),
    [
        (EventDate("2022-02", "early February", "sentence"), "2022-02"),  # a month stays a month
        (EventDate("1994", "1994", "sentence"), "1994"),  # "the 1994 Crime Bill", not 1994-01-01
        (EventDate("2022-W11", "earlier this week", "sentence"), "2022-W11"),
        (EventDate("PAST_REF", "more recently", "sentence"), "before 2022-03-18"),
        (EventDate("FUTURE_REF", "soon", "sentence"), "after 2022-03-18"),
        (EventDate("2022-03-18", None, "article"), "2022-03-18 (article date)"),
        (None, "2022-03-18"),
    ],
)
def test_events_row_date_at_its_precision(date: EventDate | None, shown: str) -> None:
    assert row(date).when == shown
