"""Tests of TimeML reading and time-expression scoring (newsgraph.evaluate.tempeval)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from newsgraph.evaluate.polnear import PRF, Accuracy
from newsgraph.evaluate.tempeval import (
    TimeReport,
    evaluate_time,
    pair,
    parse_tml,
    read_tml,
    score,
    score_document,
)
from newsgraph.records import TimeExpression

TEMPEVAL3 = Path(__file__).parents[2] / "../shared/data/tempeval3"

# A made-up TimeML file in the TempEval-3 layout: a DCT with a time of day, a title
# and tags outside <TEXT>, EVENT and SIGNAL tags around and beside the TIMEX3s,
# attributes in either order, an entity, a TIMEX3 with no value, links after the text.
TML = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">

<DOCID>APW19980213.1320</DOCID>

<DCT><TIMEX3 tid="t0" type="TIME" value="1998-02-13T14:26:00" temporalFunction="false" \
functionInDocument="CREATION_TIME">02/13/1998 14:26:00</TIMEX3></DCT>

<TITLE>Monday in the title is not text</TITLE>

<TEXT>
Profits at A&amp;B <EVENT eid="e1" class="OCCURRENCE">rose</EVENT> \
<TIMEX3 tid="t1" type="DATE" value="1998-02-12" temporalFunction="true" anchorTimeID="t0">Thursday</TIMEX3>, \
<SIGNAL sid="s1">after</SIGNAL> <TIMEX3 tid="t2" value="P3Y" type="DURATION">three years</TIMEX3> of losses.

Sales fell <TIMEX3 tid="t3" type="DATE" value="1997">last year</TIMEX3> and will rise \
<TIMEX3 tid="t4" type="DATE" value="1998-W08">next week</TIMEX3>, <TIMEX3 tid="t5" type="SET">each spring</TIMEX3>.
</TEXT>

<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t1"/>
</TimeML>
"""


def timex(text: str, piece: str, value: str, kind: str = "DATE") -> TimeExpression:
    start = text.index(piece)
    return TimeExpression(start, start + len(piece), piece, value, kind)


def test_tempeval_parse_tml_keeps_plain_text_offsets() -> None:
    doc = parse_tml(TML, "APW19980213.1320")
    assert doc.dct == "1998-02-13"
    assert doc.text.startswith("\nProfits at A&B rose Thursday, after three years of losses.\n\nSales fell last year")
    assert "Monday" not in doc.text and "<" not in doc.text
    assert [(t.text, t.value, t.type) for t in doc.timexes] == [
        ("Thursday", "1998-02-12", "DATE"),
        ("three years", "P3Y", "DURATION"),
        ("last year", "1997", "DATE"),
        ("next week", "1998-W08", "DATE"),
        ("each spring", "", "SET"),
    ]
    for gold in doc.timexes:
        assert doc.text[gold.start : gold.end] == gold.text


def test_tempeval_parse_tml_without_dct_or_text() -> None:
    doc = parse_tml("<TimeML><DOCID>x</DOCID></TimeML>", "x")
    assert (doc.dct, doc.text, doc.timexes) == (None, "", ())


TEXT = "Profits rose Thursday and fell last year; sales will rise next week for three years now."
GOLD = (
    timex(TEXT, "Thursday", "1998-02-12"),
    timex(TEXT, "last year", "1997"),
    timex(TEXT, "next week", "1998-W08"),
    timex(TEXT, "three years", "P3Y", "DURATION"),
    timex(TEXT, "now", "PRESENT_REF"),
)


@pytest.mark.parametrize(
    ("predicted", "strict", "relaxed", "date_value", "value", "kind"),
    [
        (GOLD, PRF(5, 5, 5), PRF(5, 5, 5), Accuracy(4, 4), PRF(5, 5, 5), Accuracy(5, 5)),
        ((), PRF(0, 0, 5), PRF(0, 0, 5), Accuracy(0, 0), PRF(0, 0, 5), Accuracy(0, 0)),
        (
            # exact with the right value; overlapping ("fell last year") with a wrong one;
            # overlapping ("next week for") with the right one; a DATE for the DURATION;
            # a false positive ("sales"); "now" missed
            (
                timex(TEXT, "Thursday", "1998-02-12"),
                timex(TEXT, "fell last year", "1998"),
                timex(TEXT, "next week for", "1998-W08"),
                timex(TEXT, "three years", "P3Y", "DATE"),
                timex(TEXT, "sales", "1998"),
            ),
            PRF(2, 5, 5),
            PRF(4, 5, 5),
            Accuracy(2, 3),
            PRF(3, 5, 5),
            Accuracy(3, 4),
        ),
    ],
)
def test_tempeval_score_document_counts(
    predicted: Sequence[TimeExpression],
    strict: PRF,
    relaxed: PRF,
    date_value: Accuracy,
    value: PRF,
    kind: Accuracy,
) -> None:
    report = score_document(GOLD, predicted)
    assert (report.strict, report.relaxed, report.date_value, report.value, report.type) == (
        strict,
        relaxed,
        date_value,
        value,
        kind,
    )


def test_tempeval_pair_is_one_to_one_exact_first() -> None:
    text = "from Monday to Tuesday"
    monday, tuesday = timex(text, "Monday", "a"), timex(text, "Tuesday", "b")
    both = timex(text, "Monday to Tuesday", "c")
    assert pair([monday, tuesday], [both]) == [(tuesday, both)]  # the larger overlap
    assert pair([both], [monday, both]) == [(both, both)]  # the exact match first


def test_tempeval_evaluate_time_reads_a_directory(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "APW19980213.1320.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "ignored.txt").write_text("not TimeML", encoding="utf-8")
    assert [doc.doc_id for doc in read_tml(tmp_path)] == ["APW19980213.1320"]

    perfect = evaluate_time(tmp_path, lambda text, dct: parse_tml(TML).timexes)
    assert perfect.relaxed.f1 == perfect.strict.f1 == perfect.date_value.value == 1.0

    report = evaluate_time(tmp_path)  # the rules, against the DCT 1998-02-13 (a Friday)
    assert report.documents == 1
    assert report.relaxed == PRF(5, 5, 5)
    assert report.date_value == Accuracy(3, 3)  # Thursday 1998-02-12, last year 1997, next week 1998-W08
    assert report.type == Accuracy(5, 5)


def test_tempeval_report_adds_and_prints() -> None:
    one = score_document(GOLD, GOLD[:2])
    two = score_document(GOLD, GOLD[2:])
    both = one + two
    assert both.documents == 2
    assert both.relaxed == PRF(5, 5, 10)
    assert score([parse_tml(TML), parse_tml(TML)], [(), ()]).relaxed == PRF(0, 0, 10)
    table = both.table()
    assert table.splitlines()[0] == "2 documents, 10 gold and 5 predicted expressions"
    assert "extraction relaxed (overlap)" in table and "DATE value accuracy (found)" in table
    summary = both.as_dict()
    assert summary["relaxed"]["f1"] == pytest.approx(2 / 3)
    assert set(summary) == {"documents", "strict", "relaxed", "date_value", "value", "type"}


# -------------------------------------------------------------- the real corpora

#: Accuracy gates on the TempEval-3 training corpora (TBAQ-cleaned), set a little
#: under what the rules reach, so that a change that loses accuracy fails here.
#: TimeBank is the tuning set; AQUAINT is held out (see the report in issue 5).
FLOORS = {
    "TimeBank": {"documents": 183, "gold": 1243, "date_value": 0.88, "relaxed_f1": 0.93, "strict_f1": 0.86},
    "AQUAINT": {"documents": 73, "gold": 579, "date_value": 0.81, "relaxed_f1": 0.90, "strict_f1": 0.80},
}


@pytest.fixture(scope="module")
def reports() -> dict[str, TimeReport]:
    assert TEMPEVAL3.is_dir(), f"the TempEval-3 corpora are missing: {TEMPEVAL3}"
    return {corpus: evaluate_time(TEMPEVAL3 / corpus) for corpus in FLOORS}


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_tempeval_gate_on_tempeval3(reports: dict[str, TimeReport], corpus: str) -> None:
    report, floor = reports[corpus], FLOORS[corpus]
    assert (report.documents, report.relaxed.gold) == (floor["documents"], floor["gold"])
    assert report.date_value.value >= floor["date_value"], report.table()
    assert report.relaxed.f1 >= floor["relaxed_f1"], report.table()
    assert report.strict.f1 >= floor["strict_f1"], report.table()


def test_tempeval_gate_on_both_corpora_meets_the_issue_target(reports: dict[str, TimeReport]) -> None:
    both = reports["TimeBank"] + reports["AQUAINT"]
    assert both.date_value.value >= 0.85, both.table()  # issue 5: value accuracy on DATE expressions found
