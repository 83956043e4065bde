"""Reviewers' corrections: merging and splitting entities, rejecting an attribution or giving it
its speaker. Each is recorded, so that later saves of an article apply it again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsgraph.resolve import entities, linking
from newsgraph.resolve.entities import name_key
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _attribution_correction_row, _corrections
from newsgraph.store.results import AttributionCorrectionRow
from newsgraph.store.write.entity_rows import _add_aliases, _rebuild_roles, _refresh_entities, _set_name_parts
from newsgraph.store.write.lookup import SessionLookup

#: The link reason of a speaker that a reviewer gave an attribution.
REVIEWED = "given by a reviewer's correction"


class Corrections(StoreBase):
    """Reviewers' corrections of entities and attributions, each in one transaction."""

    def merge_entities(self, into: str, other: str, note: str | None = None) -> None:
        """Merge ``other`` into ``into``: its quotes, mentions, aliases and roles move, and later
        saves send what they would have linked to ``other`` to ``into``. Raises KeyError for an
        unknown entity and ValueError for an entity merged with itself."""
        attribution, mention, alias = schema.Attribution, schema.Mention, schema.EntityAlias
        with self._write_sessions.begin() as session:
            redirects, _ = _corrections(session)
            kept, merged = (_entity(session, entities.follow_redirects(i, redirects)) for i in (into, other))
            if kept.id == merged.id:
                raise ValueError(f"{into!r} and {other!r} are already one entity: {kept.id!r}")
            articles = set(session.scalars(select(attribution.article_id).where(attribution.speaker_id == merged.id)))
            session.execute(
                update(attribution)
                .where(attribution.speaker_id == merged.id)
                .values(
                    speaker_id=kept.id,
                    link_confidence=1.0,
                    link_reason=f"{merged.name!r} was merged into this entity by a correction",
                )
            )
            session.execute(update(mention).where(mention.entity_id == merged.id).values(entity_id=kept.id))
            names = [merged.name, *session.scalars(select(alias.alias).where(alias.entity_id == merged.id))]
            _add_aliases(session, self._insert, ((kept.id, name) for name in names))
            session.delete(merged)  # with its aliases, name parts and roles
            session.flush()
            _rebuild_roles(session, articles)
            _record_correction(session, "merge", kept.id, merged.id, note=note)
            _refresh_entities(session, {kept.id})

    def split_entity(self, entity: str, alias: str, new_name: str | None = None, note: str | None = None) -> str:
        """Move the quotes and mentions of ``entity`` whose source or mention text is ``alias``
        (by ``name_key``) to a new entity named ``new_name`` (default: the alias), or to the
        existing entity of that name; later saves send that alias there too. Returns the id of
        the entity it went to. Raises KeyError for an unknown entity, ValueError for an alias
        the entity does not have or that is its own name."""
        attribution, mention, aliases = schema.Attribution, schema.Mention, schema.EntityAlias
        key = name_key(alias)
        with self._write_sessions.begin() as session:
            redirects, _ = _corrections(session)
            source = _entity(session, entities.follow_redirects(entity, redirects))
            if not key or key == name_key(source.name):
                raise ValueError(f"{alias!r} is no alias of {source.name!r} that can be split from it")
            moved_aliases = [
                a for a in session.scalars(select(aliases).where(aliases.entity_id == source.id)) if a.key == key
            ]
            quotes = [
                (row_id, article_id)
                for row_id, article_id, text in session.execute(
                    select(attribution.id, attribution.article_id, attribution.source_text).where(
                        attribution.speaker_id == source.id
                    )
                )
                if text is not None and name_key(text) == key
            ]
            mentions = [
                row_id
                for row_id, text in session.execute(
                    select(mention.id, mention.text).where(mention.entity_id == source.id)
                )
                if name_key(text) == key
            ]
            if not (moved_aliases or quotes or mentions):
                raise ValueError(f"{source.name!r} has no alias {alias!r}")
            # no alias yet: those of the split (the alias, and the aliases it moves) follow
            target, _ = _named_or_new(session, new_name or alias, source.type, redirects, other_than=source.id)
            if quotes:
                session.execute(
                    update(attribution)
                    .where(attribution.id.in_([row_id for row_id, _ in quotes]))
                    .values(speaker_id=target, link_confidence=1.0, link_reason=entities.assigned(alias))
                )
            if mentions:
                session.execute(update(mention).where(mention.id.in_(mentions)).values(entity_id=target))
            _add_aliases(session, self._insert, [(target, alias), *((target, a.alias) for a in moved_aliases)])
            for moved in moved_aliases:
                session.delete(moved)
            session.flush()
            _rebuild_roles(session, {article_id for _, article_id in quotes})
            _record_correction(session, "split", source.id, target, alias=alias, note=note)
            _refresh_entities(session, {source.id, target})
        return target

    def reject_attribution(self, doc_id: str, ordinal: int, note: str | None = None) -> AttributionCorrectionRow:
        """Reject an attribution of an article: it is deleted now and after every later save of the
        article. Raises KeyError for an unknown attribution."""
        with self._write_sessions.begin() as session:
            row = _stored_attribution(session, doc_id, ordinal)
            return _correct_attribution(session, row, doc_id, "reject", None, note)

    def assign_speaker(
        self,
        doc_id: str,
        ordinal: int,
        entity_id: str | None = None,
        name: str | None = None,
        type: str = "PERSON",
        note: str | None = None,
    ) -> AttributionCorrectionRow:
        """Give an attribution of an article its speaker: the entity ``entity_id`` (or the one it was
        merged into), else the entity of ``type`` named ``name`` (made if there is none); kept after
        every later save of the article. Raises KeyError for an unknown attribution or entity and
        ValueError when neither an entity nor a name is given."""
        with self._write_sessions.begin() as session:
            row = _stored_attribution(session, doc_id, ordinal)
            redirects, _ = _corrections(session)
            if entity_id is not None:
                target = _entity(session, entities.follow_redirects(entity_id, redirects)).id
            elif name is not None and name_key(name):
                target = _entity_named(session, self._insert, name, type.upper(), redirects)
            else:
                raise ValueError("give the speaker as an entity id or a name")
            return _correct_attribution(session, row, doc_id, "speaker", target, note)


def _entity(session: Session, entity_id: str) -> schema.Entity:
    found = session.get(schema.Entity, entity_id)
    if found is None:
        raise KeyError(f"no entity {entity_id!r}")
    return found


def _record_correction(
    session: Session, kind: str, entity_id: str, other_id: str, alias: str | None = None, note: str | None = None
) -> None:
    session.add(
        schema.Correction(
            kind=kind,
            entity_id=entity_id,
            other_id=other_id,
            alias=alias,
            key=name_key(alias) if alias is not None else None,
            note=note,
            made_at=datetime.now(UTC),
        )
    )


def _stored_attribution(session: Session, doc_id: str, ordinal: int) -> schema.Attribution:
    found = session.scalars(
        select(schema.Attribution)
        .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
        .where(schema.Article.doc_id == doc_id, schema.Attribution.ordinal == ordinal)
    ).one_or_none()
    if found is None:
        raise KeyError(f"no attribution {ordinal} in article {doc_id!r}")
    return found


def _entity_named(session: Session, upsert: Any, name: str, type_: str, redirects: Mapping[str, str]) -> str:
    """The most weighty entity of this type with ``name`` as name or alias, else a new one."""
    found, new = _named_or_new(session, name, type_, redirects)
    if new:
        _add_aliases(session, upsert, [(found, name)])
    return found


def _named_or_new(
    session: Session, name: str, type_: str, redirects: Mapping[str, str], other_than: str | None = None
) -> tuple[str, bool]:
    """The most weighty entity of this type, other than ``other_than``, with ``name`` as name or
    alias; else a new one of that name (with its name parts, no alias). Whether it is new."""
    entity, alias = schema.Entity, schema.EntityAlias
    conditions = [entity.type == type_, entity.id.in_(select(alias.entity_id).where(alias.key == name_key(name)))]
    if other_than is not None:
        conditions.append(entity.id != other_than)
    existing = session.scalar(select(entity.id).where(*conditions).order_by(entity.weight.desc(), entity.id).limit(1))
    if existing is not None:
        return existing, False
    new_id = entities.free_id(entities.new_id(type_, name), linking.id_taken(SessionLookup(session), redirects))
    session.add(schema.Entity(id=new_id, name=name, type=type_))
    session.flush()
    _set_name_parts(session, {new_id: name})
    return new_id, True


def _correct_attribution(
    session: Session, row: schema.Attribution, doc_id: str, kind: str, entity_id: str | None, note: str | None
) -> AttributionCorrectionRow:
    """Record a correction of a stored attribution and apply the article's corrections."""
    correction = schema.AttributionCorrection(
        doc_id=doc_id, kind=kind, content=row.content, entity_id=entity_id, note=note, made_at=datetime.now(UTC)
    )
    session.add(correction)
    session.flush()
    article_id = row.article_id
    touched = _apply_attribution_corrections(session, article_id, doc_id)
    _rebuild_roles(session, {article_id})
    _refresh_entities(session, touched)
    return _attribution_correction_row(correction)


def _content_key(content: Iterable[Mapping[str, Any]]) -> tuple[tuple[int, int], ...]:
    """What identifies an attribution within its article across re-extractions: its content offsets."""
    return tuple((span["start"], span["end"]) for span in content)


def _apply_attribution_corrections(session: Session, article_id: int, doc_id: str) -> set[str]:
    """Apply the reviewers' corrections of the article's attributions, oldest first; the ids of
    the entities whose quotes changed."""
    correction = schema.AttributionCorrection
    found = session.scalars(select(correction).where(correction.doc_id == doc_id).order_by(correction.id)).all()
    if not found:
        return set()
    redirects, _ = _corrections(session)
    rows = {
        _content_key(row.content): row
        for row in session.scalars(select(schema.Attribution).where(schema.Attribution.article_id == article_id))
    }
    touched: set[str] = set()
    for fix in found:
        row = rows.get(_content_key(fix.content))
        if row is None:  # the pipeline no longer finds this attribution
            continue
        if row.speaker_id is not None:
            touched.add(row.speaker_id)
        if fix.kind == "reject":
            session.delete(rows.pop(_content_key(fix.content)))
            continue
        target = entities.follow_redirects(cast(str, fix.entity_id), redirects)
        if session.get(schema.Entity, target) is None:
            continue
        row.speaker_id = target
        row.speaker_confidence = row.link_confidence = 1.0
        row.speaker_reason = row.link_reason = REVIEWED
        # The article's description was of the speaker found; the gender, from the source's own words, stays.
        row.speaker_role = row.speaker_country = row.speaker_category = None
        touched.add(target)
    session.flush()
    return touched
