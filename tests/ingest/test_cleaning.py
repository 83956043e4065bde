from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.ingest.cleaning import find_regions

COPYRIGHT = "Copyright 2022 The Associated Press. All rights reserved."
CONTRIBUTED = "Associated Press writer Jon Reyes contributed to this report."
EXAMPLE = Path(__file__).parents[2] / "../shared/examples/000_3070b542610b7c5b.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON (AP) — The president said.", [("dateline", "WASHINGTON (AP) —")]),
        ("BEIJING — China said no.", [("dateline", "BEIJING —")]),
        ("NEW YORK, N.Y. (Reuters) - Stocks fell.", [("dateline", "NEW YORK, N.Y. (Reuters) -")]),
        ("By Jane Doe and John Smith", [("byline", "By Jane Doe and John Smith")]),
        ("By JANE DOE, Associated Press", [("byline", "By JANE DOE, Associated Press")]),
        ("Follow Pam Key on Twitter @pamkeyNEN.", [("boilerplate", "Follow Pam Key on Twitter @pamkeyNEN.")]),
        (COPYRIGHT, [("boilerplate", COPYRIGHT)]),
        (CONTRIBUTED, [("boilerplate", CONTRIBUTED)]),
        ("In Kyiv. (AP Photo/Efrem Lukatsky)", [("caption", "In Kyiv."), ("credit", "(AP Photo/Efrem Lukatsky)")]),
        ("He said the U.S./China talks went well.", []),
        ("By the end of the day, officials said, the fire was out.", []),
        ("“It is time,” she said.", []),
    ],
)  # fmt: skip
def test_cleaning_regions(text: str, expected: list[tuple[str, str]]) -> None:
    regions = find_regions(text)
    assert [(r.label, r.text) for r in regions] == expected
    assert all(text[r.start : r.end] == r.text for r in regions)


def test_cleaning_example_caption_and_credit() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    regions = {r.label: r for r in find_regions(text)}
    assert regions["header"].text == "date 2022-03-18"
    assert regions["caption"].text.startswith("U.S. President Joe Biden meets virtually")
    assert regions["caption"].text.endswith("on Nov. 15, 2021.")
    assert regions["credit"].text == "Susan Walsh/The Associated Press"
    body = text.index("U.S. President Joe Biden is planning")
    assert all(r.end < body for r in regions.values())


@pytest.mark.parametrize(
    ("text", "title", "headline"),
    [
        # in title case, or without a full stop, a first line set off by a blank line is the headline
        ("Obama Says Climate Change Is Real.\n\nThe president spoke.", None, "Obama Says Climate Change Is Real."),
        ("City council approves bridge repairs\n\nThe council voted.", None, "City council approves bridge repairs"),
        ("The council voted on Monday to fix it.\n\nIt costs $4m.", None, None),  # a lead sentence
        ("Obama Says Climate Change Is Real\nThe president spoke.", None, None),  # no blank line after it
        # the title given with the article marks it, to the end of its last line (a two-line headline)
        (
            "Candidates vie for support; \nTrump and Clinton spar.\n\nBody.",
            "Candidates vie for support; Trump and Clinton spar",
            "Candidates vie for support; \nTrump and Clinton spar.",
        ),
        ("Flynn says Trump right.\n\nBody.", "Flynn says Trump right", "Flynn says Trump right."),
        ("Another story\n\nBody.", "Flynn says Trump right", None),
    ],
)
def test_cleaning_headline(text: str, title: str | None, headline: str | None) -> None:
    found = [r.text for r in find_regions(text, title) if r.label == "headline"]
    assert found == ([headline] if headline else [])
