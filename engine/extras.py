"""Optional libraries, each installed with an extra of the distribution; one line names the extra when one is missing.

A library used by a single call and heavy to install is an extra, not a dependency:
EMA Workbench (PRIM, for `uncertainty --target`) brings scikit-learn, statsmodels and
pandas; SALib (Sobol' indices, for `uncertainty --method sobol`) brings pandas.
"""

from __future__ import annotations

import importlib.util

from scenarios.engine.errors import RuntimeFailure
from scenarios.engine.text.i18n import N_, _

DISTRIBUTION = "policy-scenarios"

# extra → (the top-level module it installs, what needs it)
EXTRAS: dict[str, tuple[str, str]] = {
    "discovery": ("ema_workbench", N_("scenario discovery (--target) uses EMA Workbench's PRIM")),
    "sobol": ("SALib", N_("Sobol' indices (--method sobol) use SALib")),
}


def missing(extra: str) -> RuntimeFailure:
    """The one-line failure for an extra that is not installed (exit code 1 at the CLI)."""
    _module, what = EXTRAS[extra]
    return RuntimeFailure(_("{what}, which is not installed; install the {extra} extra: {command}").format(
        what=_(what), extra=extra, command=f"pip install '{DISTRIBUTION}[{extra}]'"))


def require(extra: str) -> None:
    """Fail in one line, before any work, when the extra's library is not installed."""
    module, _what = EXTRAS[extra]
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        found = None
    if found is None:
        raise missing(extra)
