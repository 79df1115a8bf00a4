"""click's own words ("Usage:", "Options", "Show this message and exit.") in the reader's language.

click writes them through the standard `gettext` functions it imports into its modules; `speak_for_click`
points those names at our catalogue, so `--help` and click's usage errors follow --lang and
$SCENARIOS_LANG like every other line. The marks below put click's user-facing words (as click
8.x writes them) into our catalogue; its words for programmers (a command declared wrongly) stay English.
"""

from __future__ import annotations

import sys

from scenarios.engine.text.i18n import N_, _, ngettext

CLICK_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.parser", "click.types",
                 "click.decorators", "click.utils", "click.termui")

WORDS = (
    N_("Aborted!"), N_("Options"), N_("Positional arguments"), N_("Commands"), N_("Missing command."),
    N_("Usage:"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"), N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"), N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("unknown error"), N_("Could not open file {filename!r}: {message}"), N_("env var: {var}"),
    N_("default: {default}"), N_("(dynamic)"), N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."), N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"), N_("file"), N_("directory"), N_("path"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."), N_("Show the version and exit."), N_("Show this message and exit."),
    N_("Value must be an iterable."), N_("Do you want to continue?"), N_("Confirm the action without prompting."),
    N_("required"),
)
PLURALS = (  # marks for extraction (with a count of 1, in English); click supplies the real count
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1),
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", 1),
)


def speak_for_click() -> None:
    """Point click's gettext names at our catalogue (for the modules click has loaded)."""
    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
