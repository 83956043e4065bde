"""Tests of time expressions: finding, TimeML values, and the newsgraph_time component."""

from __future__ import annotations

import time
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import newsgraph.nlp.pipeline  # noqa: F401  (registers the components and Doc extensions)
from newsgraph.extract import extract
from newsgraph.nlp.timex_calendar import Period, Tense, choose, duration_value
from newsgraph.nlp.timex_context import clause_tense
from newsgraph.nlp.timex_rules import find_time_expressions, find_timexes
from newsgraph.records import Article, Region, TimeExpression

#: The article date of the issue's example: Friday 18 March 2022 (ISO week 11).
ARTICLE_DATE = "2022-03-18"
EXAMPLE = Path(__file__).parents[2] / "../shared/examples/000_3070b542610b7c5b.txt"


def only(text: str, article_date: str | None = ARTICLE_DATE) -> TimeExpression:
    """The one time expression of ``text``."""
    found = find_time_expressions(text, article_date)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Mr. Biden and Mr. Xi spoke Friday.", "Friday", "2022-03-18"),
        ("The two leaders met on Nov. 15, 2021.", "Nov. 15, 2021", "2021-11-15"),
        ("Since their first video summit in November, much has changed.", "November", "2021-11"),
        ("Jake Sullivan met Yang Jiechi in Rome earlier this week.", "earlier this week", "2022-W11"),
        ("Writing in The Washington Post this week, Qin Gang said so.", "this week", "2022-W11"),
        ("Speaking last week, Wang Yi said the relationship was solid.", "last week", "2022-W10"),
        ("Mr. Xi and Mr. Putin met in Beijing in early February.", "early February", "2022-02"),
        ("The company was founded in 2019.", "2019", "2019"),
        ("Sales fell last year.", "last year", "2021"),
        ("He arrived yesterday.", "yesterday", "2022-03-17"),
        ("The talks resume today.", "today", "2022-03-18"),
        ("The vote is tomorrow.", "tomorrow", "2022-03-19"),
        ("Prices rose last month.", "last month", "2022-02"),
        ("The plant opens next month.", "next month", "2022-04"),
        ("The strike began two weeks ago.", "two weeks ago", "2022-W09"),
        ("The deadline was March 18.", "March 18", "2022-03-18"),
        ("The treaty was signed on 18 March 2022 in Geneva.", "18 March 2022", "2022-03-18"),
        ("Filed 2022-03-18 with the court.", "2022-03-18", "2022-03-18"),
        ("The band was a hit in the 1990s.", "the 1990s", "199"),
        ("Profit rose in the first quarter.", "the first quarter", "2022-Q1"),
        ("Profit rose in the fourth quarter.", "the fourth quarter", "2021-Q4"),
        ("Sales slipped in the second half of 2021.", "the second half of 2021", "2021-H2"),
        ("The drought began last summer.", "last summer", "2021-SU"),
        ("He has recently resigned.", "recently", "PAST_REF"),
        ("The market is now calm.", "now", "PRESENT_REF"),
        ("He will soon leave.", "soon", "FUTURE_REF"),
        ("The dollar was weak in the past.", "the past", "PAST_REF"),
        ("The lab was built in the 20th century.", "the 20th century", "19"),
        ("The rebels retreated last weekend.", "last weekend", "2022-W10-WE"),
        ("The stock was listed in November 2021.", "November 2021", "2021-11"),
        ("The firm was sold in fiscal 1989.", "fiscal 1989", "1989"),
        ("It opened a decade ago.", "a decade ago", "2012"),
        ("Revenue grew in Q4 2021.", "Q4 2021", "2021-Q4"),
        ("Profit fell in FY2021.", "FY2021", "2021"),
        ("It left some time ago.", "some time ago", "PAST_REF"),
        ("Rates stay low for the foreseeable future.", "the foreseeable future", "FUTURE_REF"),
        ("It opened in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
    ],
)
def test_timex_resolves_against_the_article_date(sentence: str, expression: str, value: str) -> None:
    found = only(sentence)
    assert (found.text, found.value, found.type) == (expression, value, "DATE")


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "kind"),
    [
        ("They speak by video link Friday morning Washington time.", "Friday morning", "2022-03-18TMO", "TIME"),
        ("The polls close at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2022-03-16T22:00", "TIME"),
        ("The meeting ended late last night.", "late last night", "2022-03-17TNI", "TIME"),
        ("He has lived there for five years.", "five years", "P5Y", "DURATION"),
        ("Prices rose over the past two weeks.", "the past two weeks", "P2W", "DURATION"),
        ("They met for seven hours.", "seven hours", "PT7H", "DURATION"),
        ("It has struggled for several months.", "several months", "PXM", "DURATION"),
        ("Inspectors visit every week.", "every week", "P1W", "SET"),
        ("The council meets each Thursday.", "each Thursday", "XXXX-WXX-4", "SET"),
    ],
)
def test_timex_finds_times_durations_and_sets(sentence: str, expression: str, value: str, kind: str) -> None:
    found = only(sentence)
    assert (found.text, found.value, found.type) == (expression, value, kind)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Xi spoke on Monday.", "2022-03-14"),  # the most recent Monday
        ("Biden spoke with Xi on Friday.", "2022-03-18"),  # the article's own day counts as the most recent
        ("Biden will call Xi on Monday.", "2022-03-21"),  # a future clause goes forward
        ("On Monday, the Senate will vote on the bill.", "2022-03-21"),  # the clause after a leading weekday
        ("Psaki said Monday that Biden will press Xi.", "2022-03-14"),  # "said Monday": the saying
        ("The talks are scheduled for Saturday.", "2022-03-19"),
        ("They met last Friday.", "2022-03-11"),  # the one before the article's day
        ("They meet next Friday.", "2022-03-25"),  # the one after it
        ("They meet this Friday.", "2022-03-18"),
        ("Protesters marched on Saturday.", "2022-03-12"),
    ],
)
def test_timex_weekday_is_the_most_recent_unless_the_clause_is_future(sentence: str, value: str) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Since their summit in November, trade has grown.", "2021-11"),  # nearest, the past preferred
        ("The plant was closed in June.", "2021-06"),  # past clause
        ("The plant will reopen in June.", "2022-06"),  # future clause
        ("The board met in March.", "2022-03"),  # the article's month
        ("Two helicopters crashed last February.", "2021-02"),  # "last February" is not last month
        ("The summit is set for next April.", "2023-04"),
        ("The offer was extended to April 2.", "2022-04-02"),  # a day soon after the article is nearer
        ("The firm was founded on Nov. 1.", "2021-11-01"),
    ],
)
def test_timex_month_without_year_is_the_nearest_by_tense(sentence: str, value: str) -> None:
    assert only(sentence).value == value


@pytest.mark.parametrize(
    ("sentence", "expression", "value", "mod"),
    [
        ("Mr. Xi and Mr. Putin met in early February.", "early February", "2022-02", "START"),
        ("The review ends in mid-November.", "mid-November", "2021-11", "MID"),
        ("Troops may stay until the end of 2023.", "the end of 2023", "2023", "END"),
        ("The vote came late yesterday.", "late yesterday", "2022-03-17", "END"),
        ("It moved here about two years ago.", "about two years ago", "2020", "APPROX"),
        ("The rally lasted more than four hours.", "more than four hours", "PT4H", "MORE_THAN"),
        ("It happened in the late 1970s.", "the late 1970s", "197", "END"),
    ],
)
def test_timex_mod_marks_part_of_a_period(sentence: str, expression: str, value: str, mod: str) -> None:
    (found,) = find_timexes(sentence, ARTICLE_DATE)
    assert (found.text, found.value, found.mod) == (expression, value, mod)


@pytest.mark.parametrize(
    "sentence",
    [
        "You may leave.",
        "Theresa May said so.",
        "A quarter of the shares were sold.",
        "A 52-year-old man was arrested.",
        "He is 52 years old.",
        "Members pay $5 a year.",
        "Churches were full on Good Friday.",
        "The team trained for the Winter Olympics.",
        "The company sold 1,990 shares for $1990.",
        "June Carter sang.",
        "Markets fell 2.5 percent.",
        "He watched the fall of the regime.",
        "The H1N1 virus spread.",
        "He lost an H1-B visa.",
    ],
)
def test_timex_rejects_lookalikes(sentence: str) -> None:
    assert find_time_expressions(sentence, ARTICLE_DATE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Third-quarter profit rose to $5 million from $4 million a year earlier.",
            [("Third-quarter", "1989-Q3"), ("a year earlier", "1988-Q3")],
        ),
        (
            "In the quarter ended Sept. 30, sales rose. In the year-ago quarter, they fell.",
            [("the quarter", "1989-Q3"), ("Sept. 30", "1989-09-30"), ("the year-ago quarter", "1988-Q3")],
        ),
        (
            "Profit was flat in the third quarter. During the quarter, costs rose.",
            [("the third quarter", "1989-Q3"), ("the quarter", "1989-Q3")],
        ),
        (
            "The bid came in April 1989. The following month, the company was sold.",
            [("April 1989", "1989-04"), ("The following month", "1989-05")],
        ),
        (
            "Sales were below the year-earlier $4.5 million in the latest quarter.",
            [("year-earlier", "1988"), ("the latest quarter", "1989-Q3")],
        ),
    ],
)
def test_timex_resolves_references_to_earlier_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_time_expressions(text, "1989-10-26")
    assert [(timex.text, timex.value) for timex in found] == expected


def test_timex_offsets_index_the_text() -> None:
    text = (
        "date 2022-03-18\n“We met Friday,” she said on Nov. 15, 2021.\r\n\tEarlier this week — and in early "
        "February — Mr. Xi (now 68) spoke for seven hours about the 1990s, last summer and Q1… "
        "The talks resume at 10 p.m. Wednesday and end next month."
    )
    found = find_time_expressions(text, ARTICLE_DATE)
    assert len(found) >= 10
    for timex in found:
        assert text[timex.start : timex.end] == timex.text
    ends = [(timex.start, timex.end) for timex in found]
    assert ends == sorted(ends)
    assert all(end <= start for (_, end), (start, _) in pairwise(ends))


def test_timex_leaves_prepositions_out_of_the_extent() -> None:
    assert [t.text for t in find_time_expressions("in November, on Friday, since 2019", ARTICLE_DATE)] == [
        "November",
        "Friday",
        "2019",
    ]


def test_timex_without_article_date_keeps_what_needs_none() -> None:
    text = "On Friday, a week after Nov. 15, 2021, he recalled the 1990s for five years, recently."
    assert [(t.text, t.value) for t in find_time_expressions(text, None)] == [
        ("Nov. 15, 2021", "2021-11-15"),
        ("the 1990s", "199"),
        ("five years", "P5Y"),
        ("recently", "PAST_REF"),
    ]


@pytest.mark.parametrize(
    ("unit", "day", "value"),
    [
        ("D", date(2022, 3, 18), "2022-03-18"),
        ("W", date(2022, 3, 18), "2022-W11"),
        ("W", date(2021, 1, 1), "2020-W53"),  # ISO week-numbering year
        ("WE", date(2022, 3, 13), "2022-W10-WE"),
        ("M", date(2022, 3, 18), "2022-03"),
        ("Q", date(2022, 11, 30), "2022-Q4"),
        ("H", date(2022, 7, 1), "2022-H2"),
        ("S", date(2022, 1, 15), "2021-WI"),  # a winter belongs to the year of its December
        ("S", date(2022, 3, 1), "2022-SP"),
        ("Y", date(2022, 3, 18), "2022"),
        ("E", date(1999, 12, 31), "199"),
        ("C", date(1999, 12, 31), "19"),
    ],
)
def test_timex_period_value_follows_timeml(unit: str, day: date, value: str) -> None:
    assert Period.containing(unit, day).value == value


def test_timex_period_shift_crosses_years() -> None:
    assert Period.containing("M", date(2022, 1, 31)).shift(-2).value == "2021-11"
    assert Period.containing("Q", date(2022, 2, 1)).shift(-1).value == "2021-Q4"
    assert Period.containing("W", date(2022, 1, 3)).shift(-1).value == "2021-W52"
    assert Period.containing("S", date(2022, 3, 18)).last == date(2022, 5, 31)


@pytest.mark.parametrize(
    ("tense", "value"),
    [("past", "2021-06"), ("future", "2022-06"), ("none", "2022-06")],
)
def test_timex_choose_weighs_distance_by_tense(tense: Tense, value: str) -> None:
    junes = [Period("M", date(year, 6, 1)) for year in (2021, 2022)]
    assert choose(junes, date(2022, 3, 18), tense).value == value


@pytest.mark.parametrize(
    ("sentence", "expression", "tense"),
    [
        ("Biden will call Xi on Monday.", "Monday", "future"),
        ("He was in Rome on Monday.", "Monday", "past"),
        ("On Monday, the Senate will vote.", "Monday", "future"),
        ("Psaki said Monday that Biden would press Xi.", "Monday", "past"),
        ("It will be for the carrier, which has been on patrol since March.", "March", "past"),
        ("Talks on Monday.", "Monday", "none"),
    ],
)
def test_timex_clause_tense_reads_the_nearest_marker(sentence: str, expression: str, tense: str) -> None:
    start = sentence.index(expression)
    assert clause_tense(sentence, 0, start, start + len(expression)) == tense


@pytest.mark.parametrize(
    ("amount", "unit", "value"),
    [(2, "Y", "P2Y"), (3, "Q", "P9M"), (2, "E", "P20Y"), (None, "W", "PXW"), (5, "H", "PT5H"), (1.5, "Y", "P1.5Y")],
)
def test_timex_duration_value(amount: int | float | None, unit: str, value: str) -> None:
    assert duration_value(amount, unit) == value


def test_timex_component_skips_regions() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph_time")
    text = "date 2022-03-18\nBiden meets Xi on Nov. 15, 2021.Susan Walsh/AP\nThey spoke Friday."
    doc = nlp.make_doc(text)
    doc._.date = ARTICLE_DATE
    caption, credit, body = text.index("Biden"), text.index("Susan"), text.index("They")
    doc._.regions = [
        Region(0, caption - 1, text[: caption - 1], "header"),
        Region(caption, credit, text[caption:credit], "caption"),
        Region(credit, body - 1, text[credit : body - 1], "credit"),
    ]
    doc = nlp(doc)
    friday = text.index("Friday")
    assert doc._.time_expressions == [TimeExpression(friday, friday + 6, "Friday", "2022-03-18", "DATE")]


def test_timex_component_without_regions_or_date() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph_time")
    doc = nlp("They spoke Friday, on Nov. 15, 2021.")
    assert [(t.text, t.value) for t in doc._.time_expressions] == [("Nov. 15, 2021", "2021-11-15")]


def test_timex_example_article() -> None:
    """The time expressions the issue lists for the Biden–Xi article; the caption's date is left out."""
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgraph_regions")
    nlp.add_pipe("newsgraph_time")
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    doc._.date = ARTICLE_DATE
    doc = nlp(doc)
    assert "Nov. 15, 2021" in text
    assert [(t.text, t.value, t.type) for t in doc._.time_expressions] == [
        ("Friday morning", "2022-03-18TMO", "TIME"),
        ("November", "2021-11", "DATE"),
        ("more recently", "PAST_REF", "DATE"),
        ("seven hours", "PT7H", "DURATION"),
        ("earlier this week", "2022-W11", "DATE"),
        ("Friday", "2022-03-18", "DATE"),
        ("last week", "2022-W10", "DATE"),
        ("early February", "2022-02", "DATE"),
        ("this week", "2022-W11", "DATE"),
        ("this week", "2022-W11", "DATE"),
    ]
    for timex in doc._.time_expressions:
        assert text[timex.start : timex.end] == timex.text


def test_timex_extract_reports_time_expressions(nlp: Language) -> None:
    """Through the whole pipeline, as ``newsgraph extract`` runs it: the article date is ``doc._.date``."""
    assert "newsgraph_time" in nlp.pipe_names
    text = "date 2022-03-18\nMr. Xi and Mr. Putin met in Beijing in early February, officials said on Friday."
    (extraction,) = extract([Article("a", text, "2022-03-18")], nlp)
    assert [(t.text, t.value) for t in extraction.time_expressions] == [
        ("early February", "2022-02"),
        ("Friday", "2022-03-18"),
    ]


def test_timex_time_is_linear_in_the_text() -> None:
    """No rule backtracks over a long run of time words (a quadratic rule took minutes here): four
    times the text costs about four times as much, not sixteen. A ratio within one process, best of
    three, so that load from elsewhere does not decide it."""
    piece = "the last early Friday the quarter in November a year ago "

    def seconds(repeats: int) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            found = find_time_expressions(piece * repeats, ARTICLE_DATE)
            runs.append(time.perf_counter() - started)
        assert len(found) >= 3 * repeats
        return min(runs)

    assert seconds(2000) / seconds(500) < 8


@pytest.mark.parametrize("article_date", ["9999-12-31", "0001-01-01"])
def test_timex_rules_never_raise_at_the_calendar_ends(article_date: str) -> None:
    text = "The council will meet next week and tomorrow, met on Friday, last month and two years ago."
    found = find_time_expressions(text, article_date)
    assert all(text[t.start : t.end] == t.text for t in found)
