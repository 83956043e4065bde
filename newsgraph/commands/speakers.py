"""``newsgraph speakers``: list, show, check, merge and split the entities quotes are linked to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsgraph.commands.common import DbOption, JsonFlag, TableFormat, open_store, out, print_records, report
from newsgraph.evaluate import speakers as speaker_scores
from newsgraph.store import CorrectionRow, audit

speakers_app = typer.Typer(help="Speakers across articles; show, merge and split them.")


@speakers_app.callback(invoke_without_command=True)
def speakers(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Speakers with their quotes, articles, gender, country, category, roles and aliases."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db) as store:
        rows = store.speakers(limit=limit)
    if print_records(rows, format):
        return
    table = Table("id", "speaker", "type", "quotes", "articles", "gender", "country", "category", "roles", "aliases")
    for row in rows:
        table.add_row(
            row.id,
            row.name,
            row.type,
            str(row.quotes),
            str(row.articles),
            row.gender,
            row.country or "",
            row.category,
            "; ".join(row.roles),
            "; ".join(row.aliases),
        )
    out.print(table)


EntityArgument = Annotated[str, typer.Argument(help="An entity id, as `newsgraph speakers` lists them.")]
NoteOption = Annotated[str | None, typer.Option(help="Why: kept with the correction.")]


@speakers_app.command("show")
def show_speaker(entity: EntityArgument, db: DbOption = None) -> None:
    """One entity: aliases, roles over time, why its quotes were linked to it, corrections."""
    with open_store(db) as store:
        detail = store.entity(entity)
    if detail is None:
        raise typer.BadParameter(f"no entity {entity!r}", param_hint="ENTITY")
    out.print(f"{detail.name} ({detail.id}, {detail.type})", markup=False, highlight=False)
    out.print(
        f"quotes: {detail.quotes}  mentions: {detail.mentions}  gender: {detail.gender} "
        f"(female {detail.female}, male {detail.male})  country: {detail.country or '?'}  category: {detail.category}",
        markup=False,
        highlight=False,
    )
    out.print("aliases: " + "; ".join(detail.aliases), markup=False, highlight=False)
    roles = Table("role", "first", "last", "articles", title="roles over time")
    for role in detail.roles:
        roles.add_row(role.role, role.first or "", role.last or "", str(role.articles))
    reasons = Table("why linked", "quotes", title="link reasons")
    for reason, count in detail.link_reasons:
        reasons.add_row(reason, str(count))
    out.print(roles, reasons)
    print_corrections(detail.corrections)


@speakers_app.command("audit")
def audit_speakers(
    db: DbOption = None,
    grouping: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="Labelled name mentions (grouping.jsonl).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check the speakers quoted 3+ times: names several entities share, surnames standing as
    organisations, names that are no names, roles over ten words; with --grouping, B-cubed of the
    entities against labelled persons."""
    with open_store(db) as store:
        found = audit.audit_speakers(store.engine)
        figures: dict[str, object] = found.as_dict()
        table = found.table()
        if grouping is not None:
            scores = audit.grouping(store.engine, speaker_scores.read_grouping_gold(grouping))
            figures["grouping"] = scores.as_dict()
            table += (
                f"\ngrouping B-cubed P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f} ({scores.items})"
            )
    report(figures, table, as_json)


@speakers_app.command("duplicates")
def duplicate_speakers(
    entity: Annotated[str | None, typer.Option(help="Only the pairs this entity id is in.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    db: DbOption = None,
) -> None:
    """Pairs of quoted entities that look like one person or body, the most certain first, with the
    evidence and the command that merges them."""
    with open_store(db) as store:
        found = audit.duplicates(store.engine, entity)[:limit]
    if print_records(found, format):
        return
    table = Table("confidence", "evidence", "merge with")
    for pair in found:
        table.add_row(f"{pair.confidence:.1f}", pair.evidence, pair.command)
    out.print(table)


@speakers_app.command("merge")
def merge_speakers(into: EntityArgument, other: EntityArgument, note: NoteOption = None, db: DbOption = None) -> None:
    """Merge OTHER into INTO; later ingests keep the merge."""
    with open_store(db) as store:
        try:
            store.merge_entities(into, other, note=note)
        except (KeyError, ValueError) as error:
            raise typer.BadParameter(str(error).strip('"')) from error
    out.print(f"merged {other} into {into}", markup=False, highlight=False)


@speakers_app.command("split")
def split_speaker(
    entity: EntityArgument,
    alias: Annotated[str, typer.Option(help="The alias whose quotes and mentions move.")],
    into: Annotated[str | None, typer.Option(help="The name of the entity they go to [default: the alias]")] = None,
    note: NoteOption = None,
    db: DbOption = None,
) -> None:
    """Move the quotes and mentions of ENTITY under an alias to another entity; later ingests keep it."""
    with open_store(db) as store:
        try:
            target = store.split_entity(entity, alias, new_name=into, note=note)
        except (KeyError, ValueError) as error:
            raise typer.BadParameter(str(error).strip('"')) from error
    out.print(f"{alias!r} of {entity} moved to {target}", markup=False, highlight=False)


@speakers_app.command("corrections")
def list_corrections(db: DbOption = None) -> None:
    """Every merge and split, oldest first."""
    with open_store(db) as store:
        print_corrections(store.corrections())


def print_corrections(rows: Sequence[CorrectionRow]) -> None:
    table = Table("when", "kind", "entity", "other", "alias", "note", title="corrections")
    for row in rows:
        table.add_row(row.made_at[:19], row.kind, row.entity_id, row.other_id, row.alias or "", row.note or "")
    out.print(table)
