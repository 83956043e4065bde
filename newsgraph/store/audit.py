"""Read-only checks of a store's speakers: what a user of the speaker pages would find wrong.

Among speakers quoted at least ``MIN_QUOTES`` times: display names that several entities share,
a person's surname standing as an organisation of its own, names that are no names (a pronoun, a
quantifier, a relative pronoun, a clause, nothing), and roles longer than ten words. And, given
hand labels, the B-cubed score of how name mentions were grouped into entities; and the pairs of
quoted entities that look like one (``resolve/duplicates.py`` judges them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import CompoundSelect, Engine, func, or_, select, union

from newsgraph.evaluate.speakers import BCubed, GoldMention, score_grouping
from newsgraph.nlp.people import MAX_NAME_WORDS, NOT_NAMES
from newsgraph.resolve.countries import country_code
from newsgraph.resolve.duplicates import MAX_ALIAS_WORDS, Candidate, Duplicate, find_duplicates
from newsgraph.resolve.entities import name_parts
from newsgraph.store import schema

MIN_QUOTES = 3
# A name with these words is a clause that the tagger or a source span ran on into.
CLAUSE_WORDS = frozenset("who which that said says is was are were has have would".split())


@dataclass
class SpeakerAudit:
    speakers: int = 0  # quoted at least MIN_QUOTES times
    shared_names: dict[str, list[str]] = field(default_factory=dict)  # name -> entity ids
    surname_organisations: list[str] = field(default_factory=list)  # entity ids
    not_names: list[str] = field(default_factory=list)  # entity ids
    long_roles: list[tuple[str, str]] = field(default_factory=list)  # (entity id, role)

    def as_dict(self) -> dict[str, object]:
        return {
            "speakers": self.speakers,
            "shared_names": len(self.shared_names),
            "surname_organisations": len(self.surname_organisations),
            "not_names": len(self.not_names),
            "long_roles": len(self.long_roles),
            "examples": {
                "shared_names": dict(list(self.shared_names.items())[:10]),
                "surname_organisations": self.surname_organisations[:10],
                "not_names": self.not_names[:10],
                "long_roles": self.long_roles[:10],
            },
        }

    def table(self) -> str:
        rows = [
            ("speakers quoted 3+ times", self.speakers),
            ("display names of several entities", len(self.shared_names)),
            ("surnames as organisations", len(self.surname_organisations)),
            ("names that are no names", len(self.not_names)),
            ("roles over ten words", len(self.long_roles)),
        ]
        return "\n".join(f"{label:<36}{value:>7}" for label, value in rows)


def is_no_name(name: str) -> bool:
    """A pronoun, a quantifier, a relative pronoun, a clause or an empty string."""
    words = re.findall(r"[\w'’-]+", name.casefold())
    return not words or name.casefold() in NOT_NAMES or len(words) > MAX_NAME_WORDS or bool(CLAUSE_WORDS & set(words))


def audit_speakers(engine: Engine) -> SpeakerAudit:
    quotes = func.count(schema.Attribution.id)
    query = (
        select(schema.Entity.id, schema.Entity.name, schema.Entity.type)
        .join(schema.Attribution, schema.Attribution.speaker_id == schema.Entity.id)
        .group_by(schema.Entity.id, schema.Entity.name, schema.Entity.type)
        .having(quotes >= MIN_QUOTES)
    )
    with engine.connect() as connection:
        quoted = connection.execute(query).all()
        surnames = {
            name.split()[-1].casefold()
            for (name,) in connection.execute(select(schema.Entity.name).where(schema.Entity.type == "PERSON"))
            if len(name.split()) > 1
        }
        ids = [row.id for row in quoted]
        roles = connection.execute(
            select(schema.EntityRole.entity_id, schema.EntityRole.role).where(schema.EntityRole.entity_id.in_(ids))
        ).all()
    audit = SpeakerAudit(speakers=len(quoted))
    by_name: dict[str, list[str]] = defaultdict(list)
    for row in quoted:
        by_name[row.name.casefold()].append(row.id)
        one_word = len(row.name.split()) == 1 and country_code(row.name) is None  # "Israel" is not Jack Israel
        if row.type != "PERSON" and one_word and row.name.casefold() in surnames:
            audit.surname_organisations.append(row.id)
        if is_no_name(row.name):
            audit.not_names.append(row.id)
    audit.shared_names = {name: found for name, found in by_name.items() if len(found) > 1}
    audit.long_roles = [(entity_id, role) for entity_id, role in roles if len(role.split()) > MAX_NAME_WORDS]
    return audit


def grouping(engine: Engine, gold: list[GoldMention]) -> BCubed:
    """B-cubed of the store's entities for the labelled name mentions: a mention is linked to the
    entity of the stored mention, or else of the attribution source, at its offsets."""
    mentions = select(schema.Article.doc_id, schema.Mention.start, schema.Mention.end, schema.Mention.entity_id).join(
        schema.Article, schema.Article.id == schema.Mention.article_id
    )
    sources = (
        select(
            schema.Article.doc_id,
            schema.Attribution.source_start,
            schema.Attribution.source_end,
            schema.Attribution.speaker_id,
        )
        .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
        .where(schema.Attribution.speaker_id.is_not(None))
    )
    linked: dict[tuple[str, int, int], str] = {}
    with engine.connect() as connection:
        for doc_id, start, end, entity_id in connection.execute(sources):
            linked[(doc_id, start, end)] = entity_id
        for doc_id, start, end, entity_id in connection.execute(mentions):
            linked[(doc_id, start, end)] = entity_id
    return score_grouping(gold, linked)


def duplicates(engine: Engine, entity: str | None = None) -> list[Duplicate]:
    """Quoted entities that look like one, with the evidence; with ``entity``, the pairs it is in,
    found among the entities that share a word of a name with it or with one of its short aliases
    (the name-part index), so that a speaker page does not read every entity of the store."""
    quotes = func.count(schema.Attribution.id).label("quotes")
    stmt = (
        select(schema.Entity.id, schema.Entity.name, schema.Entity.type, quotes)
        .join(schema.Attribution, schema.Attribution.speaker_id == schema.Entity.id)
        .group_by(schema.Entity.id, schema.Entity.name, schema.Entity.type)
    )
    if entity is not None:
        stmt = stmt.where(or_(schema.Entity.id == entity, schema.Entity.id.in_(sharing_a_word(engine, entity))))
    quoted = stmt.subquery()
    aliases = select(schema.EntityAlias.entity_id, schema.EntityAlias.alias).join(
        quoted, quoted.c.id == schema.EntityAlias.entity_id
    )
    split = select(schema.Correction.entity_id, schema.Correction.other_id).where(schema.Correction.kind == "split")
    with engine.connect() as connection:
        rows = connection.execute(select(quoted)).all()
        by_entity: defaultdict[str, list[str]] = defaultdict(list)
        for entity_id, alias in connection.execute(aliases):
            by_entity[entity_id].append(alias)
        apart = [(a, b) for a, b in connection.execute(split)]
    candidates = [Candidate(r.id, r.name, r.type, r.quotes, tuple(by_entity[r.id])) for r in rows]
    return find_duplicates(candidates, apart, entity)


def sharing_a_word(engine: Engine, entity: str) -> CompoundSelect:
    """The entities with a name part among the words of ``entity``'s name and short aliases, and
    those cited by one of those names (which make an alias shared, and so less sure)."""
    alias, part = schema.EntityAlias, schema.EntityNamePart
    with engine.connect() as connection:
        names = [
            *connection.scalars(select(schema.Entity.name).where(schema.Entity.id == entity)),
            *connection.scalars(select(alias.alias).where(alias.entity_id == entity)),
        ]
    short = [name for name in names if len(name.split()) <= MAX_ALIAS_WORDS]
    parts = {word for name in short for word in name_parts(name)}
    return union(
        select(part.entity_id).where(part.part.in_(parts)),
        select(alias.entity_id).where(func.lower(alias.alias).in_({name.lower() for name in short})),
    )
