"""Where the user's own files go: ./scenarios/ and ./outputs/, never the project's shipped ones.

In a checkout of this project, ./scenarios/ *is* the bundled library and ./outputs/ the
committed gallery.  Writing there would mix a user's files into what the project ships
(and fail its tests), so there the user's files go under ./workspace/ instead.
"""

from __future__ import annotations

from pathlib import Path

WORKSPACE = "workspace"


def _bundled() -> Path:
    from .library import bundled_dir

    return bundled_dir()


def in_checkout(folder: Path | None = None) -> bool:
    """True when `folder` (default: the current one) is the root of a checkout of this project."""
    try:
        here = (folder or Path.cwd()).resolve()
        return (here / "scenarios").resolve() == _bundled().resolve()
    except OSError:  # e.g. the current folder was deleted
        return False


def scenarios_dir() -> Path:
    """The folder of the user's scenarios: ./scenarios/, or ./workspace/scenarios/ in a checkout."""
    base = Path(WORKSPACE) if in_checkout() else Path()
    return Path.cwd() / base / "scenarios"


def outputs_dir() -> Path:
    """The default folder for diagrams and charts: outputs/, or workspace/outputs/ in a checkout.

    Relative, because it is printed to the user ("wrote outputs/mexico.svg").
    """
    return Path(WORKSPACE, "outputs") if in_checkout() else Path("outputs")


def gallery_dir() -> Path:
    """The committed gallery: ./outputs/ (only `render --gallery` writes there in a checkout)."""
    return Path("outputs")
