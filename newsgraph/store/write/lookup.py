"""The store's side of ``newsgraph.resolve.linking``: the lookups linking needs, in SQL, by index."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsgraph.resolve.entities import Known, Pin
from newsgraph.store import schema
from newsgraph.store.common import _corrections


class SessionLookup:
    """``EntityLookup`` over a session: inside a save, it sees what the save wrote so far."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def corrections(self) -> tuple[dict[str, str], dict[str, Pin]]:
        return _corrections(self._session)

    def known(self, keys: Collection[str], parts: Collection[str]) -> list[Known]:
        entity, alias, part = schema.Entity, schema.EntityAlias, schema.EntityNamePart
        ids = (
            select(alias.entity_id).where(alias.key.in_(keys)).union(select(part.entity_id).where(part.part.in_(parts)))
        )
        return [
            Known(*row)
            for row in self._session.execute(
                select(entity.id, entity.name, entity.type, entity.weight).where(entity.id.in_(ids))
            )
        ]

    def alias_keys(self, keys: Collection[str]) -> list[tuple[str, str]]:
        alias = schema.EntityAlias
        return [(i, k) for i, k in self._session.execute(select(alias.entity_id, alias.key).where(alias.key.in_(keys)))]

    def exists(self, entity_id: str) -> bool:
        return self._session.get(schema.Entity, entity_id) is not None
