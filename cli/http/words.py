# ruff: noqa: E501  (the words stay whole on one line each, as the templates and scripts write them)
"""The words of what both apps share (base.html, error.html, dom.js, diagram.js), and the words a page's scripts get.

Templates show a word with `t("...")`, which is `_()`; scripts with `t("...")` from dom.js, which
looks it up in the translations the page carries (`script_words()`).  Each app lists the words of
its own templates and scripts beside them (cli/web/words.py, cli/workshop/words.py), marked with
`N_()` so that `pybabel extract` finds them with the Python sources; a test checks that every
`t("...")` in a template or script is listed.  Placeholders are `{name}`: `.format(name=...)` in
templates, `t("...", {name: ...})` in scripts.
"""

from __future__ import annotations

from collections.abc import Iterable

from scenarios.engine.text.i18n import N_, _

# Words the shared templates show (cli/http/templates).
PAGE = (
    N_("Scenarios"),
    N_("Skip to content"),
    N_("explores possibilities; it never predicts real events"),
    N_("Language"),
    N_("Illustrative, not a forecast: these models explore possibilities; any weights follow from the stated assumptions."),
    N_("Not found"),
    N_("Cannot show this"),
    N_("Back to the library"),
)

# Words the shared scripts show (cli/http/static), node types included (the node panel shows them).
SCRIPT = (
    N_("Phases:"),
    N_("Type"),
    N_("Actor"),
    N_("Phase"),
    N_("On arrival"),
    N_("Payoffs"),
    N_("Id"),
    N_("Weight"),
    N_("{share} (from the stated assumptions)"),
    N_("As written"),
    N_("Only"),
    N_("Effects"),
    N_("Signposts: what would suggest this branch is unfolding"),
    N_("Sources"),
    N_("Signposts: what would suggest this event is under way"),
    N_("Options"),
    N_("Branches"),
    N_("decision"),
    N_("chance"),
    N_("outcome"),
)


def script_words(messages: Iterable[str] = ()) -> dict[str, str]:
    """The shared scripts' words and `messages`, in the current language (English words map to themselves)."""
    return {message: _(message) for message in (*SCRIPT, *messages)}
