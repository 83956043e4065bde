"""Saving extractions, linking their entities across articles, and reviewers' corrections."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
from sqlalchemy import case, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session, aliased

from newsgraph.ingest import dedup
from newsgraph.records import Attribution, Extraction, Mention, Region, Span, TimeExpression
from newsgraph.resolve import entities, linking
from newsgraph.resolve.countries import country_code
from newsgraph.resolve.entities import Link, name_key, name_parts
from newsgraph.resolve.linking import Linked
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _attribution_correction_row, _by_date, _corrections
from newsgraph.store.entity_lookup import SessionLookup
from newsgraph.store.results import AttributionCorrectionRow, NearDuplicate, SaveOutcome, SaveStatus

#: Joins the content spans of an attribution in ``content_text``.
CONTENT_SEPARATOR = " … "

_ORGANISATION_TYPES = frozenset({"ORG", "GPE", "NORP"})

_CHILDREN = (
    schema.EntityRole,
    schema.Region,
    schema.Mention,
    schema.Attribution,
    schema.TimeExpression,
    schema.Event,
    schema.MinhashBand,
)

#: The link reason of a speaker that a reviewer gave an attribution.
REVIEWED = "given by a reviewer's correction"


class StoreWriter(StoreBase):
    """Saving extractions (with cross-article linking) and reviewers' corrections."""

    def save(self, extraction: Extraction) -> SaveOutcome:
        """Store an article and all that was extracted from it, in one transaction.

        A new article whose text another
        one already has is not stored ("duplicate"); an article updated to such a text is
        linked to it as a near-duplicate. Raises ValueError, writing nothing, when a span
        does not match the text.
        """
        _check_offsets(extraction)
        sha = hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
        status: SaveStatus
        touched: set[str] = set()
        with self._write_sessions.begin() as session:
            article = session.scalars(
                select(schema.Article).where(schema.Article.doc_id == extraction.doc_id)
            ).one_or_none()
            if article is None:
                same_text = session.scalars(
                    select(schema.Article.doc_id)
                    .where(schema.Article.text_sha256 == sha)
                    .order_by(schema.Article.id)
                    .limit(1)
                ).first()
                if same_text is not None:
                    return SaveOutcome("duplicate", extraction.doc_id, duplicate_of=same_text)
                article = schema.Article(doc_id=extraction.doc_id)
                session.add(article)
                status, story = "new", set()
            elif article.text_sha256 == sha and article.pipeline == extraction.pipeline:
                return SaveOutcome("unchanged", extraction.doc_id)
            else:
                status, story = "updated", _story(session, article.id)
                touched |= _entities_of(session, article.id)
                _delete_children(session, article.id)
            sig = dedup.signature(extraction.text, self._settings.minhash_permutations)
            _fill_article(article, extraction, sha=sha, path=extraction.path, minhash=dedup.pack(sig))
            session.flush()
            linked = self._link_entities(session, extraction)
            _insert_children(session, article.id, extraction, linked)
            touched |= _apply_attribution_corrections(session, article.id, extraction.doc_id)
            _rebuild_roles(session, {article.id})
            _refresh_entities(session, touched | linked.ids())
            links = self._link_near_duplicates(session, article.id, sig)
            _mark_earliest(session, story | {article.id})
            canonical = aliased(schema.Article)
            duplicate_of = session.scalar(
                select(canonical.doc_id).where(
                    canonical.id == schema.Article.duplicate_of,
                    schema.Article.id == article.id,
                )
            )
        return SaveOutcome(status, extraction.doc_id, duplicate_of, links)

    def _link_entities(self, session: Session, extraction: Extraction) -> Linked:
        """Link the article's entities to the stored ones; store new entities, renames and aliases."""
        linked = linking.link_extraction(extraction, SessionLookup(session))
        _store_linked_entities(session, linked.entities)
        _add_aliases(session, self._insert, linked.aliases)
        return linked

    def _link_near_duplicates(self, session: Session, article_id: int, sig: np.ndarray) -> tuple[NearDuplicate, ...]:
        """Store the article's LSH bands and link it to the stored near-duplicates."""
        threshold = self._settings.near_duplicate_threshold
        bands = dedup.bands(sig, threshold)
        if not bands:
            return ()
        session.execute(
            insert(schema.MinhashBand),
            [{"article_id": article_id, "band": band, "hash": value} for band, value in bands],
        )
        band = schema.MinhashBand
        candidates = select(band.article_id).where(
            tuple_(band.band, band.hash).in_(bands), band.article_id != article_id
        )
        links: dict[int, NearDuplicate] = {}
        for other_id, doc_id, packed in session.execute(
            select(schema.Article.id, schema.Article.doc_id, schema.Article.minhash)
            .where(schema.Article.id.in_(candidates))
            .order_by(schema.Article.id)
        ):
            other = dedup.unpack(packed)
            if other.shape != sig.shape:  # made under another minhash_permutations setting
                continue
            similarity = dedup.similarity(sig, other)
            if similarity >= threshold:
                links[other_id] = NearDuplicate(doc_id, similarity)
        if links:
            session.execute(
                insert(schema.NearDuplicate),
                [
                    {"article_id": article_id, "other_id": other_id, "similarity": link.similarity}
                    for other_id, link in links.items()
                ],
            )
        return tuple(links.values())

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
            target = _split_target(session, source, new_name or alias, redirects)
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


def _check_offsets(extraction: Extraction) -> None:
    """Refuse spans that do not match the text: the record must stay auditable."""
    text = extraction.text
    spans: list[Span | Region | TimeExpression | Mention] = [
        *extraction.regions,
        *extraction.time_expressions,
        *extraction.mentions,
    ]
    for attribution in extraction.attributions:
        spans.extend(s for s in (attribution.source, attribution.cue) if s is not None)
        spans.extend(attribution.content)
    for span in spans:
        if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text:
            raise ValueError(
                f"{extraction.doc_id}: span {span.start}:{span.end} {span.text!r} does not match the article text"
            )


def _fill_article(
    article: schema.Article, extraction: Extraction, *, sha: str, path: str | None, minhash: bytes
) -> None:
    article.text = extraction.text
    article.text_sha256 = sha
    article.date = extraction.date
    article.title = extraction.title
    article.url = extraction.url
    article.publisher = extraction.publisher
    article.author = extraction.author
    article.path = path
    article.pipeline = extraction.pipeline
    article.ingested_at = datetime.now(UTC)
    article.duplicate_of = None
    article.minhash = minhash


def _delete_children(session: Session, article_id: int) -> None:
    for model in _CHILDREN:
        session.execute(delete(model).where(model.article_id == article_id))
    pair = schema.NearDuplicate
    session.execute(delete(pair).where(or_(pair.article_id == article_id, pair.other_id == article_id)))


def _insert_children(session: Session, article_id: int, extraction: Extraction, linked: Linked) -> None:
    def rows(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"article_id": article_id, **item} for item in items]

    tables: list[tuple[type[schema.Base], list[dict[str, Any]]]] = [
        (schema.Region, rows(asdict(region) for region in extraction.regions)),
        (
            schema.Mention,
            rows(
                {"entity_id": linked.mention(m).id, "start": m.start, "end": m.end, "text": m.text}
                for m in extraction.mentions
            ),
        ),
        (
            schema.Attribution,
            rows(_attribution_columns(i, a, linked.speaker(a)) for i, a in enumerate(extraction.attributions)),
        ),
        (schema.TimeExpression, rows(asdict(t) for t in extraction.time_expressions)),
        (
            schema.Event,
            # Event records as their JSON shape (the hand-built records of the store tests are dicts)
            rows({"ordinal": i, "payload": asdict(e)} for i, e in enumerate(extraction.events)),
        ),
    ]
    for model, values in tables:
        if values:
            session.execute(insert(model), values)


def _attribution_columns(ordinal: int, attribution: Attribution, link: Link | None) -> dict[str, Any]:
    speaker = attribution.speaker
    return {
        "ordinal": ordinal,
        "kind": attribution.kind,
        **_span_columns("source_", attribution.source),
        **_span_columns("cue_", attribution.cue),
        **_span_columns("evidence_", attribution.evidence),
        "content": [asdict(span) for span in attribution.content],
        "content_text": CONTENT_SEPARATOR.join(span.text for span in attribution.content),
        "speaker_id": link.id if link else None,
        "speaker_confidence": speaker.confidence if speaker else None,
        "speaker_reason": speaker.reason if speaker else attribution.unresolved,  # why not, with no speaker
        "link_confidence": link.confidence if link else None,
        "link_reason": link.reason if link else None,
        "medium": attribution.medium,
        "speaker_role": speaker.role if speaker else None,
        "speaker_gender": speaker.gender if speaker else None,
        "speaker_country": speaker.country if speaker else None,
        "speaker_category": speaker.category if speaker else None,
    }


def _span_columns(prefix: str, span: Span | None) -> dict[str, Any]:
    return {
        f"{prefix}start": span.start if span else None,
        f"{prefix}end": span.end if span else None,
        f"{prefix}text": span.text if span else None,
    }


def _story(session: Session, article_id: int) -> set[int]:
    """The articles linked to this one through near-duplicate pairs, itself included."""
    pair = schema.NearDuplicate
    found, frontier = {article_id}, {article_id}
    while frontier:
        linked = session.execute(
            select(pair.article_id, pair.other_id).where(
                or_(pair.article_id.in_(frontier), pair.other_id.in_(frontier))
            )
        )
        frontier = {i for row in linked for i in row} - found
        found |= frontier
    return found


def _mark_earliest(session: Session, seeds: set[int]) -> None:
    """Point each article of the stories of ``seeds`` at the story's earliest article
    (by date, then first stored); the earliest gets no ``duplicate_of``."""
    article = schema.Article
    todo = set(seeds)
    while todo:
        story = _story(session, todo.pop())
        todo -= story
        earliest = session.scalar(select(article.id).where(article.id.in_(story)).order_by(*_by_date()).limit(1))
        session.execute(
            update(article)
            .where(article.id.in_(story))
            .values(duplicate_of=case((article.id == earliest, None), else_=earliest)),
            execution_options={"synchronize_session": False},
        )


def _entity(session: Session, entity_id: str) -> schema.Entity:
    found = session.get(schema.Entity, entity_id)
    if found is None:
        raise KeyError(f"no entity {entity_id!r}")
    return found


def _split_target(session: Session, source: schema.Entity, name: str, redirects: Mapping[str, str]) -> str:
    """The entity of this name and type other than ``source`` (the most weighty), else a new one."""
    entity, alias = schema.Entity, schema.EntityAlias
    existing = session.scalar(
        select(entity.id)
        .where(
            entity.type == source.type,
            entity.id != source.id,
            entity.id.in_(select(alias.entity_id).where(alias.key == name_key(name))),
        )
        .order_by(entity.weight.desc(), entity.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    new_id = entities.free_id(entities.new_id(source.type, name), linking.id_taken(SessionLookup(session), redirects))
    session.add(schema.Entity(id=new_id, name=name, type=source.type))
    session.flush()
    _set_name_parts(session, {new_id: name})
    return new_id


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


def _content_key(content: Iterable[Mapping[str, Any]]) -> tuple[tuple[int, int], ...]:
    """What identifies an attribution within its article across re-extractions: its content offsets."""
    return tuple((span["start"], span["end"]) for span in content)


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
    entity, alias = schema.Entity, schema.EntityAlias
    existing = session.scalar(
        select(entity.id)
        .where(entity.type == type_, entity.id.in_(select(alias.entity_id).where(alias.key == name_key(name))))
        .order_by(entity.weight.desc(), entity.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    new_id = entities.free_id(entities.new_id(type_, name), linking.id_taken(SessionLookup(session), redirects))
    session.add(schema.Entity(id=new_id, name=name, type=type_))
    session.flush()
    _set_name_parts(session, {new_id: name})
    _add_aliases(session, upsert, [(new_id, name)])
    return new_id


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
