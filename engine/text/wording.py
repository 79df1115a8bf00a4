"""The words every output uses about path counts and weights, kept in one place so they agree.

Path counts come from how a model branches and weights from the assumptions a
group sets; neither is a forecast, and no output presents a weight as how likely something is.
"""

from .i18n import N_, _

# shown through _() where they are printed
PATH_COUNT_NOTE = N_("Path counts show how the model branches, not how likely an outcome is.")
WEIGHT_HEADING = N_("share of weight")
WEIGHT_MEANS = N_(
    "the part of its branch's weight a path gets, given the decisions on it, from the "
    "stated assumptions' weights of the uncertain events it passes; not a forecast. 100% means nothing "
    "uncertain splits the path once those decisions are taken, not that it is certain."
)  # after "Share of weight:" under every table that shows one
WEIGHT_NOTE = N_("Weights are given these decisions, under the stated assumptions; they are not forecasts.")

DEFAULT_DISCLAIMER = N_(
    "Illustrative, not a forecast: this model explores possibilities; "
    "any weights follow from the stated assumptions."
)  # shown through _(), in the reader's language


def branch_weight(share: float) -> str:
    """A chance branch's share of the weight, said as what it is, for a class: never a bare "100%"."""
    return _("{share} of this event's weight, given the decisions on the path and the room's assumptions — "
             "not a forecast").format(share=f"{100 * share:.0f}%")
