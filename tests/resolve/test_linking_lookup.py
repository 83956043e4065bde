"""Linking an article's entities through the lookup interface, over entities held in memory (no SQL)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from newsgraph.records import Attribution, Extraction, Mention, Span, Speaker
from newsgraph.resolve.entities import Known, Pin, name_key, name_parts
from newsgraph.resolve.linking import link_extraction, local_entities

XI = Known("person:xi-jinping", "Xi Jinping", "PERSON", 40)
BILL = Known("person:bill-clinton", "Bill Clinton", "PERSON", 10)
HILLARY = Known("person:hillary-clinton", "Hillary Clinton", "PERSON", 90)


@dataclass
class Memory:
    """An ``EntityLookup`` over a few entities, their aliases and the corrections, counting its calls."""

    entities: list[Known]
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (entity id, alias)
    redirects: dict[str, str] = field(default_factory=dict)
    pins: dict[str, Pin] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def corrections(self) -> tuple[dict[str, str], dict[str, Pin]]:
        self.calls.append("corrections")
        return self.redirects, self.pins

    def _alias_keys(self) -> list[tuple[str, str]]:
        return [(k.id, name_key(k.name)) for k in self.entities] + [(i, name_key(a)) for i, a in self.aliases]

    def known(self, keys: Collection[str], parts: Collection[str]) -> list[Known]:
        self.calls.append("known")
        ids = {i for i, key in self._alias_keys() if key in keys}
        return [k for k in self.entities if k.id in ids or set(name_parts(k.name)) & set(parts)]

    def alias_keys(self, keys: Collection[str]) -> list[tuple[str, str]]:
        self.calls.append("alias_keys")
        return [(i, key) for i, key in self._alias_keys() if key in keys]

    def exists(self, entity_id: str) -> bool:
        return any(k.id == entity_id for k in self.entities)


def _article(text: str, *quotes: tuple[str, Speaker], mentions: tuple[Mention, ...] = ()) -> Extraction:
    """An article of ``text`` whose quotes are (source text, speaker); the content is the whole text."""
    attributions = tuple(
        Attribution(Span(text.index(source), text.index(source) + len(source), source), None, (), "direct", speaker)
        for source, speaker in quotes
    )
    return Extraction("doc", None, None, None, None, None, text, "test", None, (), attributions, (), mentions)


def test_linking_surname_goes_to_the_known_person_with_its_alias() -> None:
    lookup = Memory([XI])
    article = _article('"Yes," Mr. Xi said.', ("Mr. Xi", Speaker("person:xi", "Xi")))
    linked = link_extraction(article, lookup)
    assert linked.speaker(article.attributions[0]) == linked.links["person:xi"]
    assert linked.links["person:xi"].id == XI.id
    assert linked.links["person:xi"].reason == "'Xi' is part of the only known 'Xi Jinping'"
    assert linked.entities == {XI.id: ("Xi Jinping", "PERSON")}
    assert linked.aliases == {(XI.id, "Xi"), (XI.id, "Mr. Xi")}
    assert linked.ids() == {XI.id}


def test_linking_shared_surname_names_the_others() -> None:
    article = _article('"No," Clinton said.', ("Clinton", Speaker("person:clinton", "Clinton")))
    found = link_extraction(article, Memory([BILL, HILLARY])).links["person:clinton"]
    assert (found.id, found.confidence) == (HILLARY.id, 0.5)
    assert "could also be Bill Clinton" in found.reason


def test_linking_pronoun_source_is_no_alias() -> None:
    article = _article('"Yes," he said.', ("he", Speaker("person:jo-lee", "Jo Lee")))
    linked = link_extraction(article, Memory([]))
    assert linked.links["person:jo-lee"].new
    assert linked.aliases == {("person:jo-lee", "Jo Lee")}
    assert local_entities(article)[0].texts == ()


def test_linking_new_entity_skips_the_id_of_a_merged_away_one() -> None:
    lookup = Memory([XI], redirects={"person:jo-lee": XI.id})  # person:jo-lee was merged into Xi
    article = _article('"Yes," Jo Lee said.', ("Jo Lee", Speaker("person:jo-lee", "Jo Lee")))
    linked = link_extraction(article, lookup)
    assert linked.links["person:jo-lee"].id == "person:jo-lee-2"
    assert linked.entities == {"person:jo-lee-2": ("Jo Lee", "PERSON")}


def test_linking_mention_of_a_split_alias_goes_where_the_split_put_it() -> None:
    xi_mingze = Known("person:xi-mingze", "Xi Mingze", "PERSON", 1)
    lookup = Memory([XI, xi_mingze], aliases=[(XI.id, "Mingze")], pins={"mingze": Pin(XI.id, xi_mingze)})
    text = "Xi Jinping and Mingze arrived."
    mentions = (
        Mention(0, 10, "Xi Jinping", "person:xi-jinping", "Xi Jinping", "PERSON"),
        Mention(15, 21, "Mingze", "person:xi-jinping", "Xi Jinping", "PERSON"),
    )
    linked = link_extraction(_article(text, mentions=mentions), lookup)
    assert [linked.mention(m).id for m in mentions] == [XI.id, xi_mingze.id]
    assert linked.aliases == {(XI.id, "Xi Jinping"), (xi_mingze.id, "Mingze")}
    assert linked.ids() == {XI.id, xi_mingze.id}


def test_linking_article_without_entities_reads_only_the_corrections() -> None:
    lookup = Memory([XI])
    linked = link_extraction(_article("Nobody spoke."), lookup)
    assert (linked.links, linked.entities, linked.aliases) == ({}, {}, frozenset())
    assert lookup.calls == ["corrections"]
