# ruff: noqa: E501  (the words stay whole on one line each, as the templates and scripts write them)
"""The library browser's own words (cli/web/templates and static), in the reader's language through the catalogue.

Listed with `N_()` for `pybabel extract`, as cli/http/words.py explains; SCRIPT is sent with
each page (beside the shared scripts' words) for the scripts' `t("...")`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scenarios.engine.text.i18n import N_, _, ngettext

# Words the browser's templates show; the library's origins (local, bundled, file, folder) through t(r.origin).
PAGE = (
    N_("{name} (invalid)"),
    N_("The file does not check clean"),
    N_("; this page reloads by itself when it does."),
    N_("Shown at the file's stated assumptions (with {changed}): every weight follows from them and is not a forecast."),
    N_("Shown at the file's stated assumptions: every weight follows from them and is not a forecast."),
    N_("This scenario has no weights: its paths are possibilities, and nothing here says how likely any is."),
    N_("About this scenario"),
    N_("Diagram"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Fit"),
    N_("Start of the map"),
    N_("Phases of the map"),
    N_("Clear highlight"),
    N_("Click a node for details · drag to pan · wheel to zoom"),
    N_("Scenario diagram"),
    N_("Details"),
    N_("Click a node on the diagram to see its type, actor, description, sources, signposts and branches."),
    N_("Paths"),
    N_("Filter"),
    N_("words in a branch or outcome"),
    N_("Outcome"),
    N_("any"),
    N_("This file lists the first {limit} of {total} paths;"),
    N_("lists every one."),
    N_("Library"),
    N_("Each scenario is a branching model of a policy situation. Open one to see its map, its paths and what follows under the assumptions you set."),
    N_("No scenarios are served. Create one with"),
    N_("invalid"),
    N_("This file does not check clean; fix these and reload:"),
    N_("{title} (presenting)"),
    N_("Presentation: arrow keys step through the phases"),
    N_("→ / Space next · ← back · Home / End · Esc leaves"),
    N_("swipe ↔ · tap: next"),
    N_("Present"),
    N_("Top to bottom"),
    N_("Unfold all"),
    N_("Stale: the file has errors; showing the last good version"),
    N_("Scenario diagram (arrow keys pan, + and − zoom)"),
    N_("Click a node on the diagram (or press Enter on a focused one) to see its type, actor, description, sources, signposts and branches."),
    N_("Assumptions"),
    N_("Move a slider to set the group's own value; weights, paths and the analysis follow on the server. These are assumptions, not evidence."),
    N_("file: {value}"),
    N_("no range stated"),
    N_("Reset to the file's values"),
    N_("Download these assumptions"),
    N_("This scenario states no assumptions."),
    N_("Analysis"),
    N_("What follows if every actor reasons by the chosen rule and the stated assumptions hold. It never says what will happen."),
    N_("Rule"),
    N_("α (optimism)"),
    N_("Highlight the play"),
    N_("Condition"),
    N_("Clear"),
    N_("Previous"),
    N_("Next"),
    N_("Outcomes"),
    N_("How many paths end at each outcome: path counts show how the model branches, not how likely an outcome is."),
    N_("Sensitivity"),
    N_("Each assumption swept over its range with the others held: each actor's value at both ends (largest swing first), and where any decision's choice flips, under the current rule."),
    N_("Compute sensitivity"),
    N_("local"),
    N_("bundled"),
    N_("file"),
    N_("folder"),
)

# Words the browser's scripts show.
SCRIPT = (
    N_("Branches taken"),
    N_("Outcome"),
    N_("Paths shown: {shown} of {total}"),
    N_("(the first 500 listed; narrow the filter)"),
    N_("Weights follow from the stated assumptions; they are not forecasts."),
    N_("Path {number}"),
    N_("step {number} of {count}"),
    N_("updating…"),
    N_("error {status}"),
    N_("updated"),
    N_("the server did not answer (is scenarios serve still running?)"),
    N_("The file does not check clean."),
    N_("The diagram below is the last good version, marked stale, until the file is fixed."),
    N_("Details"),
    N_("Click a node on the diagram to see its details."),
    N_("Unfold what follows"),
    N_("Fold what follows"),
    N_("Path {number}: highlight it on the diagram"),
    N_("Paths that end where {where}: {count}"),
    N_("Paths: {count}"),
    N_("page {page} of {pages}"),
    N_("Value to each actor"),
    N_("Choices along the play"),
    N_("Decision"),
    N_("Reached after"),
    N_("Choice"),
    N_("Value of each branch to the actor"),
    N_("(start)"),
    N_("(tied)"),
    N_("No decision is reached."),
    N_("Paths of the play: {count}"),
    N_("Chance nodes without weights: {nodes}"),
    N_("Does the choice depend on the rule?"),
    N_("The rules differ at some decisions: these are the rows to discuss."),
    N_("Every rule makes the same choices here."),
    N_("computing…"),
    N_("Rule: {rule}."),
    N_("Not swept (no low..high range): {names}"),
    N_("Tornado: value to {actor} (base {value})"),
    N_("{label}: {at_low} at {low} … {at_high} at {high}"),
    N_("on the play"),
    N_("off the play"),
    N_("No choice flips within any assumption's range."),
    N_("Where a choice flips"),
    N_("The map by phase"),
    N_("The map opens at a readable size on its start; choose a phase to go to it, or Fit to see all of it small."),
    N_("Choose a phase to go to it."),
    N_("Assumption"),
    N_("At"),
)


def meta_line(s: Mapping[str, Any]) -> str:
    """A scenario's line under its title: "as of DATE · N paths · M outcomes" (s: facts.overview)."""
    parts = [_("as of {date}").format(date=s["as_of"])] if s.get("as_of") else []
    parts.append(ngettext("{count} path", "{count} paths", s["paths"]).format(count=f"{s['paths']:,}"))
    parts.append(ngettext("{count} outcome", "{count} outcomes", s["outcomes"]).format(count=s["outcomes"]))
    return " · ".join(parts)
