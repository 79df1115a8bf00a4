"""`scenarios signposts`: the watch list, what would suggest each branch of each uncertain event is unfolding."""

from __future__ import annotations

from typing import Any

import click

from scenarios.cli.i18n import N_, _
from scenarios.cli.options import load_scenario

FORMATS = ["table", "markdown", "json"]


@click.command(help=N_("""List what to watch for: for each uncertain event, the signposts of each branch, with sources.

A signpost is something observable that would suggest a branch is unfolding. It
predicts nothing: it is what a group agrees to watch.

\b
Examples:
  scenarios signposts mexico
  scenarios signposts mexico --format markdown > watch-list.md
  scenarios signposts mexico --lang es"""))
@click.argument("name", metavar="NAME|FILE")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help=N_("table for reading; markdown for handouts; json for scripts."))
def signposts(name: str, fmt: str) -> None:
    import json

    from scenarios.engine.analysis.signposts import cited_sources, watch_list

    scenario = load_scenario(name)
    events = watch_list(scenario)
    cited = cited_sources(events)
    if fmt == "json":
        click.echo(json.dumps(_as_json(scenario, events, cited), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(_as_markdown(scenario, events, cited), nl=False)
    else:
        _table(scenario, events, cited)


def _note() -> str:
    return _("Signposts are what a group could watch for; none of them predicts which branch will unfold.")


def source_text(scenario: Any, sid: str) -> str:
    """`Title (Publisher, date)` for a cited source."""
    source = scenario.spec.sources[sid]
    extra = ", ".join(str(x) for x in (source.publisher, source.date) if x)
    return f"{source.title} ({extra})" if extra else source.title


def _rows(event: Any) -> list[tuple[str, str, str]]:
    """(branch, watch for, sources) rows of one event; its own signposts first, under "(the event)"."""
    rows = [(_("(the event itself)"), w.label, ", ".join(w.sources)) for w in event.signposts]
    for branch in event.branches:
        if not branch.signposts:
            rows.append((branch.label, _("(nothing listed yet)"), ""))
        rows += [(branch.label, w.label, ", ".join(w.sources)) for w in branch.signposts]
    return rows


def _table(scenario: Any, events: list[Any], cited: list[str]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from scenarios.cli.console import console

    out = console()
    out.print(f"[bold]{escape(scenario.title)}[/bold]")
    out.print(f"[italic]{escape(_note())}[/italic]")
    if not events:
        out.print(_("This scenario has no uncertain events, so nothing to watch."))
        return
    for event in events:
        out.print()
        table = Table(title=escape(f"{event.label} ({event.node})"), title_justify="left", show_lines=True)
        table.add_column(_("Branch"), ratio=1)
        table.add_column(_("Watch for"), ratio=3)
        table.add_column(_("Sources"), ratio=1)
        for row in _rows(event):
            table.add_row(*(escape(cell) for cell in row))
        out.print(table)
    if cited:
        out.print()
        out.print("[bold]" + escape(_("Sources")) + "[/bold]")
        for sid in cited:
            out.print(escape(f"  {sid}: {source_text(scenario, sid)}"))


def _as_markdown(scenario: Any, events: list[Any], cited: list[str]) -> str:
    from scenarios.engine.output.reports.markdown_report import cell

    heading = _("Signposts: {title}").format(title=scenario.title)
    columns = (_("Branch"), _("Watch for"), _("Sources"))
    lines = ["# " + cell(heading), "", f"*{cell(_note())}*", ""]
    for event in events:
        lines += [f"## {cell(event.label)}", "", "| " + " | ".join(columns) + " |", "|---|---|---|"]
        lines += [f"| {cell(a)} | {cell(b)} | {cell(c)} |" for a, b, c in _rows(event)]
        lines.append("")
    if cited:
        lines += ["## " + _("Sources"), ""]
        lines += [f"- `{sid}`: {cell(source_text(scenario, sid))}" for sid in cited]
        lines.append("")
    return "\n".join(lines)


def _as_json(scenario: Any, events: list[Any], cited: list[str]) -> dict[str, Any]:
    def watches(items: Any) -> list[dict[str, Any]]:
        return [{"label": w.label, "sources": list(w.sources)} for w in items]

    sources = {sid: {k: (str(v) if k == "date" and v is not None else v)
                     for k, v in scenario.spec.sources[sid].model_dump().items() if v is not None} for sid in cited}
    return {"scenario": scenario.name, "title": scenario.title, "language": scenario.language, "note": _note(),
            "events": [{"node": e.node, "label": e.label, "type": e.type, "signposts": watches(e.signposts),
                        "branches": [{"label": b.label, "signposts": watches(b.signposts)} for b in e.branches]}
                       for e in events],
            "sources": sources}
