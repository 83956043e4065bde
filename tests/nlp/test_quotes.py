from __future__ import annotations

import pytest

from newsgraph.nlp.quotes import find_quotes


def quoted(text: str) -> list[list[str]]:
    return [[text[s:e] for s, e in q.segments] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Yes,” she said.", [["“Yes,”"]]),
        ('He said "no" twice.', [['"no"']]),
        ("“One,” he said, “and two.”", [["“One,”"], ["“and two.”"]]),
        # Unbalanced: a stray closing mark is ignored; an unclosed quote ends with its paragraph.
        ("It ended” there. “Never closed\n\nNext paragraph.", [["“Never closed"]]),
        # Two opening marks: the first was stray.
        ("A “stray and “real one” here.", [["“real one”"]]),
        # A quote over paragraphs: an opening mark on each, a closing mark only at the end.
        ("“First part.\n\n“Second part,” he said.", [["“First part.", "“Second part,”"]]),
        ("No quotes at all.", []),
        ("", []),
    ],
)
def test_quotes_found(text: str, expected: list[list[str]]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize("marks", [1, 2, 53, 54])
def test_quotes_any_number_of_marks(marks: int) -> None:
    text = " word ".join("“" if i % 2 == 0 else "”" for i in range(marks))
    for quote in find_quotes(text):
        for start, end in quote.segments:
            assert 0 <= start < end <= len(text)
