"""The entity tables kept in step with what is saved and corrected: new and renamed entities,
their name parts and aliases, the roles articles give them, and the counts they are ranked by."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from newsgraph.resolve.countries import country_code
from newsgraph.resolve.entities import name_key, name_parts
from newsgraph.store import schema

_ORGANISATION_TYPES = frozenset({"ORG", "GPE", "NORP"})


def _store_linked_entities(session: Session, final: Mapping[str, tuple[str, str]]) -> None:
    """Insert the new entities and rename those that a fuller name took over (``final``: linked
    id -> name, type)."""
    if not final:
        return
    stored = dict(
        session.execute(select(schema.Entity.id, schema.Entity.name).where(schema.Entity.id.in_(final))).all()
    )
    new = [{"id": id_, "name": name, "type": type_} for id_, (name, type_) in final.items() if id_ not in stored]
    if new:
        session.execute(insert(schema.Entity), new)
    renamed = {id_: name for id_, (name, _) in final.items() if id_ in stored and stored[id_] != name}
    for id_, name in renamed.items():
        session.execute(update(schema.Entity).where(schema.Entity.id == id_).values(name=name))
    _set_name_parts(session, {row["id"]: row["name"] for row in new} | renamed)


def _set_name_parts(session: Session, names: Mapping[str, str]) -> None:
    """Replace the name parts of the entities ``names`` maps to their (new) names."""
    if not names:
        return
    part = schema.EntityNamePart
    session.execute(delete(part).where(part.entity_id.in_(names)))
    rows = [{"entity_id": id_, "part": p} for id_, name in names.items() for p in sorted(set(name_parts(name)))]
    if rows:
        session.execute(insert(part), rows)


def _add_aliases(session: Session, upsert: Any, aliases: Iterable[tuple[str, str]]) -> None:
    rows = [
        {"entity_id": entity_id, "alias": alias, "key": key}
        for entity_id, alias in sorted(set(aliases))
        if (key := name_key(alias))
    ]
    if rows:
        session.execute(upsert(schema.EntityAlias).on_conflict_do_nothing(), rows)


def _entities_of(session: Session, article_id: int) -> set[str]:
    """The entities an article's attributions and mentions are linked to."""
    attribution, mention = schema.Attribution, schema.Mention
    speakers = select(attribution.speaker_id).where(
        attribution.article_id == article_id, attribution.speaker_id.is_not(None)
    )
    mentioned = select(mention.entity_id).where(mention.article_id == article_id)
    return set(session.scalars(speakers.union(mentioned)))


def _rebuild_roles(session: Session, article_ids: set[int]) -> None:
    """Make the roles of these articles again from their attributions."""
    role, attribution, article = schema.EntityRole, schema.Attribution, schema.Article
    session.execute(delete(role).where(role.article_id.in_(article_ids)))
    given = (
        select(attribution.speaker_id, attribution.article_id, attribution.speaker_role, article.date)
        .join(article, article.id == attribution.article_id)
        .where(
            attribution.article_id.in_(article_ids),
            attribution.speaker_id.is_not(None),
            attribution.speaker_role.is_not(None),
        )
        .distinct()
    )
    session.execute(insert(role).from_select(["entity_id", "article_id", "role", "date"], given))


def _most_common(counts: Counter[str]) -> str | None:
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _refresh_entities(session: Session, ids: set[str]) -> None:
    """Recount the gender evidence, country, category and weight of these entities from their rows."""
    attribution, mention, entity = schema.Attribution, schema.Mention, schema.Entity
    rows = session.execute(select(entity.id, entity.name, entity.type).where(entity.id.in_(ids))).all()
    if not rows:
        return
    given: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    quotes: Counter[str] = Counter()
    for speaker_id, gender, country, category, count in session.execute(
        select(
            attribution.speaker_id,
            attribution.speaker_gender,
            attribution.speaker_country,
            attribution.speaker_category,
            func.count(),
        )
        .where(attribution.speaker_id.in_(ids))
        .group_by(
            attribution.speaker_id,
            attribution.speaker_gender,
            attribution.speaker_country,
            attribution.speaker_category,
        )
    ):
        quotes[speaker_id] += count
        for facet, value in (("gender", gender), ("country", country), ("category", category)):
            if value is not None:
                given[speaker_id][facet][value] += count
    mentions: Counter[str] = Counter()
    for entity_id, count in session.execute(
        select(mention.entity_id, func.count()).where(mention.entity_id.in_(ids)).group_by(mention.entity_id)
    ):
        mentions[entity_id] = count
    session.execute(
        update(entity),
        [
            {
                "id": id_,
                "female": given[id_]["gender"]["female"],
                "male": given[id_]["gender"]["male"],
                "country": _most_common(given[id_]["country"])
                or (country_code(name) if type_ in ("GPE", "NORP") else None),
                "category": _most_common(given[id_]["category"])
                or ("organisation" if type_ in _ORGANISATION_TYPES else "unspecified"),
                "weight": quotes[id_] + mentions[id_],
            }
            for id_, name, type_ in rows
        ],
    )
