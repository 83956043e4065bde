"""The read model's speakers: the entities quoted across articles, what they are linked by,
their roles and outlets, whom they talk about, and the corrections that shaped them."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import Session

from newsgraph.resolve import entities
from newsgraph.store import schema
from newsgraph.store.common import StoreBase, _attribution_correction_row, _corrections, _utc
from newsgraph.store.read.rows import _gender, _is_story, _within
from newsgraph.store.results import (
    AttributionCorrectionRow,
    CorrectionRow,
    EntityDetail,
    MentionCount,
    RoleRow,
    SpeakerRow,
)


class SpeakerQueries(StoreBase):
    """The speakers and entities the pages, the API and the command line show."""

    def speakers(
        self,
        limit: int | None = None,
        offset: int = 0,
        search: str | None = None,
        order: str = "quotes",
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[SpeakerRow]:
        """Speakers by number of quotes (``order``: or "articles", or "name"), counting each
        near-duplicate story once; ``search``: words in their name or one of their aliases;
        counted over the articles of ``outlet`` within ``since`` and ``until`` when given."""
        attribution, entity, role = schema.Attribution, schema.Entity, schema.EntityRole
        quotes = func.count(attribution.id)
        articles = func.count(distinct(attribution.article_id))
        orders = {"quotes": (quotes.desc(),), "articles": (articles.desc(), quotes.desc()), "name": ()}
        stmt = (
            select(
                entity.id,
                entity.name,
                entity.type,
                quotes,
                articles,
                _gender(),
                entity.country,
                entity.category,
            )
            .join(attribution, attribution.speaker_id == entity.id)
            .join(schema.Article, schema.Article.id == attribution.article_id)
            .where(_is_story(), *_within(schema.Article.date, since, until))
            .group_by(entity.id)
            .order_by(*orders[order], entity.name, entity.id)
            .limit(limit)
            .offset(offset or None)
        )
        if outlet is not None:
            stmt = stmt.where(schema.Article.publisher == outlet)
        if search and search.strip():
            wanted = search.strip().casefold().replace("%", "").replace("_", "")

            def starts_a_word(column: Any) -> Any:  # "xi" finds Xi Jinping, not "Exit polls"
                return or_(func.lower(column).like(f"{wanted}%"), func.lower(column).like(f"% {wanted}%"))

            alias = schema.EntityAlias
            # an alias of three words at most is a name ("Mr. Xi"); longer ones describe others too
            words = func.length(alias.alias) - func.length(func.replace(alias.alias, " ", "")) + 1
            named = select(alias.entity_id).where(starts_a_word(alias.alias), words <= 3)
            stmt = stmt.where(or_(starts_a_word(entity.name), entity.id.in_(named)))
        with self._sessions() as session:
            rows = session.execute(stmt).all()
            ids = [row[0] for row in rows]
            aliases = _grouped(
                session,
                select(schema.EntityAlias.entity_id, schema.EntityAlias.alias)
                .where(schema.EntityAlias.entity_id.in_(ids))
                .order_by(schema.EntityAlias.alias),
            )
            latest = func.max(role.date)
            roles = _grouped(
                session,
                select(role.entity_id, role.role)
                .where(role.entity_id.in_(ids))
                .group_by(role.entity_id, role.role)
                .order_by(latest.is_(None), latest.desc(), role.role),
            )
        return [
            SpeakerRow(
                id=id_,
                name=name,
                type=type_,
                quotes=quotes,
                articles=articles,
                aliases=tuple(a for a in aliases[id_] if a != name),
                gender=gender,
                country=country,
                category=category or "unspecified",
                roles=tuple(roles[id_]),
            )
            for id_, name, type_, quotes, articles, gender, country, category in rows
        ]

    def entity(self, entity_id: str) -> EntityDetail | None:
        """An entity (or the one it was merged into) with its aliases, roles over time, the
        reasons its quotes were linked to it, and the corrections that concern it; None if unknown."""
        with self._sessions() as session:
            redirects, _ = _corrections(session)
            found = session.get(schema.Entity, entities.follow_redirects(entity_id, redirects))
            if found is None:
                return None
            attribution, mention, role, correction = (
                schema.Attribution,
                schema.Mention,
                schema.EntityRole,
                schema.Correction,
            )
            quotes = func.count(attribution.id)
            reasons = session.execute(
                select(func.coalesce(attribution.link_reason, ""), quotes)
                .where(attribution.speaker_id == found.id)
                .group_by(attribution.link_reason)
                .order_by(quotes.desc(), attribution.link_reason)
            ).all()
            roles = session.execute(
                select(role.role, func.min(role.date), func.max(role.date), func.count(distinct(role.article_id)))
                .where(role.entity_id == found.id)
                .group_by(role.role)
                .order_by(func.min(role.date).is_(None), func.min(role.date), role.role)
            ).all()
            return EntityDetail(
                id=found.id,
                name=found.name,
                type=found.type,
                gender=_majority(found.female, found.male),
                female=found.female,
                male=found.male,
                country=found.country,
                category=found.category or "unspecified",
                quotes=sum(count for _, count in reasons),
                mentions=session.scalar(select(func.count()).where(mention.entity_id == found.id)) or 0,
                aliases=tuple(
                    session.scalars(
                        select(schema.EntityAlias.alias)
                        .where(schema.EntityAlias.entity_id == found.id, schema.EntityAlias.alias != found.name)
                        .order_by(schema.EntityAlias.alias)
                    )
                ),
                roles=tuple(RoleRow(*row) for row in roles),
                link_reasons=tuple((reason, count) for reason, count in reasons),
                corrections=tuple(
                    _correction_row(row)
                    for row in session.scalars(
                        select(correction)
                        .where(or_(correction.entity_id == found.id, correction.other_id == found.id))
                        .order_by(correction.id)
                    )
                ),
            )

    def speaker_outlets(self, entity_id: str) -> dict[str | None, int]:
        """An entity's quotes per outlet, all of them (a wire copy in another outlet counts there too)."""
        count = func.count(schema.Attribution.id)
        stmt = (
            select(schema.Article.publisher, count)
            .join(schema.Article, schema.Article.id == schema.Attribution.article_id)
            .where(schema.Attribution.speaker_id == entity_id)
            .group_by(schema.Article.publisher)
            .order_by(count.desc(), schema.Article.publisher)
        )
        with self._sessions() as session:
            return dict(session.execute(stmt).all())

    def talked_about(self, entity_id: str, limit: int | None = None) -> list[MentionCount]:
        """The entities named inside the quotes of an entity (or the one it was merged into), in
        distinct stories, most named first."""
        attribution, mention = schema.Attribution, schema.Mention
        with self._sessions() as session:
            redirects, _ = _corrections(session)
            speaker = entities.follow_redirects(entity_id, redirects)
            contents: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
            for article_id, content in session.execute(
                select(attribution.article_id, attribution.content)
                .join(schema.Article, schema.Article.id == attribution.article_id)
                .where(attribution.speaker_id == speaker, _is_story())
            ):
                contents[article_id].extend((span["start"], span["end"]) for span in content)
            # per article, the contents by start and the furthest end reached so far: a mention is
            # inside one when the contents starting at or before it reach past its end
            starts, reach = {}, {}
            for article_id, spans in contents.items():
                spans.sort()
                starts[article_id] = [start for start, _ in spans]
                reach[article_id] = list(accumulate((end for _, end in spans), max))
            counts: Counter[str] = Counter()
            for article_id, start, end, mentioned in session.execute(
                select(mention.article_id, mention.start, mention.end, mention.entity_id).where(
                    mention.article_id.in_(contents), mention.entity_id != speaker
                )
            ):
                before = bisect_right(starts[article_id], start) - 1
                if before >= 0 and reach[article_id][before] >= end:
                    counts[mentioned] += 1
            named = {row.id: row for row in session.scalars(select(schema.Entity).where(schema.Entity.id.in_(counts)))}
        ranked = sorted(counts.items(), key=lambda item: (-item[1], named[item[0]].name))
        return [MentionCount(i, named[i].name, named[i].type, n) for i, n in ranked[:limit]]

    def latest_roles(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """Entity id -> the role the latest article gave it, for those that were given one."""
        role = schema.EntityRole
        latest = func.max(role.date)
        stmt = (
            select(role.entity_id, role.role)
            .where(role.entity_id.in_(list(entity_ids)))
            .group_by(role.entity_id, role.role)
            .order_by(latest.is_not(None), latest, role.role)
        )
        with self._sessions() as session:
            return dict(session.execute(stmt).all())  # the latest of each entity comes last

    def corrections(self) -> list[CorrectionRow]:
        """Every merge and split, oldest first."""
        with self._sessions() as session:
            return [
                _correction_row(row)
                for row in session.scalars(select(schema.Correction).order_by(schema.Correction.id))
            ]

    def attribution_corrections(self) -> list[AttributionCorrectionRow]:
        """Every rejection of an attribution and every speaker given to one, oldest first."""
        correction = schema.AttributionCorrection
        with self._sessions() as session:
            return [
                _attribution_correction_row(row) for row in session.scalars(select(correction).order_by(correction.id))
            ]


def _majority(female: int, male: int) -> str:
    """female or male when more of the evidence says so, else unknown."""
    return "female" if female > male else "male" if male > female else "unknown"


def _grouped(session: Session, stmt: Select[Any]) -> defaultdict[str, list[Any]]:
    """The second column of ``stmt``'s rows, in order, grouped by the first."""
    groups: defaultdict[str, list[Any]] = defaultdict(list)
    for key, value in session.execute(stmt):
        groups[key].append(value)
    return groups


def _correction_row(row: schema.Correction) -> CorrectionRow:
    return CorrectionRow(
        id=row.id,
        kind=row.kind,
        entity_id=row.entity_id,
        other_id=row.other_id,
        alias=row.alias,
        note=row.note,
        made_at=_utc(row.made_at).isoformat(),
    )
