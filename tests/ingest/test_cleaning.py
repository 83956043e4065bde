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
