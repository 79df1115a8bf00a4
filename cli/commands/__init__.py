"""One module per command, listed in COMMANDS: its name, where it lives, and the line `--help` shows.

The table lets `scenarios --help` list every command without importing any (click's lazy
subcommands): a command's module, and the engine behind it, load only when it runs.
Adding a command means one module here and one row below; a test checks each row's line
against the command's own help.
"""

from __future__ import annotations

from scenarios.engine.text.i18n import N_

# name: ("module:function" under scenarios.cli.commands, the first paragraph of its help, marked for the catalogue)
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("list_cmd:list_scenarios", N_('List the scenarios you can explore by name.')),
    "check": ("check:check", N_('Check scenario files and report every problem at once.')),
    "explore": ("explore:explore", N_('Show every path through a scenario and where each one ends.')),
    "schema": ("schema:schema", N_('Print the JSON Schema of the scenario format.')),
    "new": ("new:new", N_('Write a small, commented, valid starting scenario to ./scenarios/NAME.yaml.')),
    "render": ("render:render",
        N_('Draw a scenario as a diagram: decisions, chance events and outcomes, with a legend.')),
    "analyze": ("analyze:analyze", N_('Roll a scenario back: what each actor would choose if it judged by a rule.')),
    "sensitivity": ("sensitivity:sensitivity", N_('Sweep each assumption over its low..high range, one at a time.')),
    "compare": ("compare:compare",
        N_("Compare what follows from several groups' assumptions, beside the values as written.")),
    "diff": ("diff:diff",
        N_('Show what changed from OLD to NEW (names or files): nodes, branches, effects, assumptions, paths.')),
    "export": ("export:export", N_('Export a scenario for other tools.')),
    "story": ("story:story", N_('Tell path N of a scenario as a story, step by step, with its sources.')),
    "balance": ("balance:balance", N_('How a model treats each actor: run it before a workshop.')),
    "signposts": ("signposts:signposts",
        N_('List what to watch for: for each uncertain event, the signposts of each branch, with sources.')),
    "matrix": ("matrix:matrix",
        N_("Sort the paths by two uncertainties into a grid: each cell's outcomes, paths and weight.")),
    "show": ("show:show", N_("Print a scenario's YAML, e.g. one from the bundled library.")),
    "copy": ("show:copy", N_('Copy a scenario to edit it: to ./scenarios/NAME.yaml, or to DEST (a file or folder).')),
    "guide": ("guide:guide", N_('Print a guide: the workshop guide, the file format, the commands.')),
    "uncertainty": ("uncertainty:uncertainty",
        N_('Move every assumption at once: sample sets of assumptions, roll each back, report across them.')),
    "serve": ("serve:serve", N_('Serve scenarios as a local, read-only web app, and follow saved edits live.')),
    "workshop": ("workshop:workshop",
        N_('Play a scenario through with a room: phones vote, everyone states assumptions, a handout at the end.')),
}
