"""`scenarios new`: a small, commented, valid starting scenario in ./scenarios/NAME.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import click

from scenarios.engine.text.i18n import N_, _

TEMPLATE = """\
# yaml-language-server: $schema=./scenario.schema.json
# A starting scenario. Run `scenarios check {name}` after each edit and
# `scenarios explore {name}` to see every path. `scenarios guide format` explains
# the format; `scenarios show tutorial` prints a commented example of every feature.
format: 1
title: {title}
summary: >
  Describe the situation in a sentence or two, attributing claims to sources.
as_of: {today}

sources:
  src_1: {{title: "Name the article or document", date: {today}}}

actors:
  side_a: {{name: Side A, values: {{tension: -1}}}}
  side_b: {{name: Side B, values: {{tension: -1, talks_held: 1}}}}

indicators:
  # levels: ordered names; an effect of 1 moves one level up, -1 down
  tension: {{label: Tension, levels: [low, moderate, high], start: low}}
  # flag: true/false
  talks_held: {{label: Talks were held, type: flag}}

assumptions:
  # weights are assumptions a group sets and varies; give each a range
  p_talks_work: {{label: Talks succeed, value: 0.5, low: 0.2, high: 0.8,
                  note: "An assumption for discussion, not an estimate."}}

start: first_move
nodes:
  first_move:
    type: decision
    actor: side_a
    label: Side A's first move
    sources: [src_1]
    branches:
      - {{label: Offer talks, to: talks, effects: {{talks_held: true}}}}
      - {{label: Apply pressure, to: response, effects: {{tension: 1}}}}

  talks:
    type: chance
    label: Do talks succeed?
    branches:
      - {{label: Agreement, to: settlement, weight: p_talks_work}}
      - {{label: Breakdown, to: response, weight: 1 - p_talks_work, effects: {{tension: 1}}}}

  response:
    type: decision
    actor: side_b
    label: Side B responds
    branches:
      - {{label: De-escalate, to: calm}}
      - {{label: Escalate, to: crisis, effects: {{tension: 1}}}}

  settlement: {{type: outcome, label: Settlement}}
  calm: {{type: outcome, label: Uneasy calm}}
  crisis: {{type: outcome, label: Crisis, payoffs: {{side_a: -1, side_b: -1}}}}
"""


@click.command(help=N_("""Write a small, commented, valid starting scenario to ./scenarios/NAME.yaml.

Refuses to overwrite an existing file. Also writes scenarios/scenario.schema.json
(when absent) so editors autocomplete the new file. In a checkout of scenarios
itself, ./scenarios/ is the shipped library: the file goes to ./workspace/scenarios/.

\b
Example:
  scenarios new border-talks"""))
@click.argument("name")
@click.option("--title", default=None, help=N_("The scenario's title (default: from NAME)."))
def new(name: str, title: str | None) -> None:
    import datetime

    from scenarios.engine.errors import UsageError
    from scenarios.engine.format.library import local_dir
    from scenarios.engine.text.characters import forbidden_at


    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        raise UsageError(_("'{name}' is not a usable name: use letters, digits, - and _ (e.g. border-talks)").format(
            name=name))
    if len(name) > 100:  # file systems stop at 255 bytes; a name is for typing
        raise UsageError(_("'{name}…' is {count} characters long: keep a name to 100 or fewer").format(
            name=name[:40], count=len(name)))
    folder = local_dir()
    target = folder / f"{name}.yaml"
    if target.exists():
        raise UsageError(_("{path} already exists; choose another name or edit that file").format(path=target))
    title = title or name.replace("-", " ").replace("_", " ").capitalize()
    if forbidden_at(title) is not None or not title.strip():
        raise UsageError(_("--title: give some text without control characters"))
    text = TEMPLATE.format(name=name, title=_yaml_text(title), today=datetime.date.today().isoformat())
    shown = create_file(folder, target, text)
    click.echo(_("wrote {path}").format(path=shown))
    click.echo(_("next: {check}, then {explore}").format(check=f"scenarios check {name}",
                                                          explore=f"scenarios explore {name}"))


def create_file(folder: Path, target: Path, text: str) -> Path:
    """Write a new file (never over an existing one) plus the folder's schema; returns the path to show."""
    from scenarios.engine import json_schema
    from scenarios.engine.errors import RuntimeFailure, UsageError
    from scenarios.engine.files import atomic_write, create_new

    try:
        create_new(target, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError(_("{path} already exists; choose another name or edit that file").format(
            path=target)) from None
    except OSError as exc:
        raise RuntimeFailure(_("could not write {path}: {reason}").format(
            path=target, reason=exc.strerror or exc)) from None
    schema_file = folder / "scenario.schema.json"
    if not schema_file.exists() or schema_file.stat().st_size == 0:  # an empty one is a failed earlier write
        import json


        schema = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
        atomic_write(schema_file, schema.encode("utf-8"))
    try:
        return target.relative_to(Path.cwd())
    except ValueError:
        return target


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
