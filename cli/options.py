"""Options several commands share: which scenario, and the group's assumptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

F = Callable[..., Any]


def assumption_options(func: F) -> F:
    """--set NAME=VALUE (repeatable) and --assumptions FILE.yaml."""
    func = click.option("--assumptions", "assumption_file", type=click.Path(dir_okay=False),
                        help="A YAML file of assumption values (name: value), e.g. a group's own set.")(func)
    func = click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
                        help="Override one assumption (repeatable), e.g. --set p_override=0.3.")(func)
    return func


def load_scenario(name: str) -> Any:
    import engine

    return engine.load(name)


def assumptions_from(scenario: Any, settings: tuple[str, ...], assumption_file: str | None) -> dict[str, float]:
    """File values first, then --set on top, each checked against the scenario."""
    from engine.assumptions import load_assumption_file, parse_settings

    values: dict[str, float] = {}
    if assumption_file:
        values.update(load_assumption_file(scenario, assumption_file))
    values.update(parse_settings(scenario, settings))
    return values
