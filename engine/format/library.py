"""Finding scenarios by name (a path, then the user's ./scenarios/NAME.yaml, then the bundled library),
and where the user's own files go."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import scenarios
from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.finite import short
from scenarios.engine.text.i18n import _


def bundled_dir() -> Path:
    """The library shipped with the program: the data files of the `scenarios` package itself
    (the repo's scenarios/ folder in a checkout)."""
    return Path(scenarios.__file__).resolve().parent


def local_dir() -> Path:
    """The user's own scenarios (see scenarios_dir: never the bundled library itself)."""
    return scenarios_dir()


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    origin: str  # "local" or "bundled"


def available() -> list[Entry]:
    """Scenarios in ./scenarios/ and in the bundled library (a local file hides a bundled one)."""
    entries: dict[str, Entry] = {}
    seen: set[Path] = set()
    for origin, folder in (("local", local_dir()), ("bundled", bundled_dir())):
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.yaml")):
            real = file.resolve()
            if real in seen:
                continue
            seen.add(real)
            if file.stem not in entries:
                entries[file.stem] = Entry(file.stem, file, origin)
    return list(entries.values())


def resolve(name: str) -> Path:
    """NAME is a path if one exists, else ./scenarios/NAME.yaml, else bundled NAME.yaml."""
    given = Path(name)
    try:
        if given.is_file() or (given.exists() and not given.is_dir()):
            return given  # a device or pipe is refused by the input policy, with a message saying so
        if given.is_dir():
            raise UsageError(_("'{name}' is a folder; give a scenario file or name").format(name=name))
    except OSError as exc:  # a name too long for the file system, say: not a file, so not a name either
        raise UsageError(_("'{name}' is neither a file nor a scenario name ({reason})").format(
            name=short(name), reason=exc.strerror)) from None
    stem = name[:-5] if name.endswith(".yaml") else name
    for folder in (local_dir(), bundled_dir()):
        candidate = folder / f"{stem}.yaml"
        if "/" not in stem and "\\" not in stem and candidate.is_file():
            return candidate
    names = [e.name for e in available()]
    if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
        raise UsageError(_("no such file: {name}").format(name=name))
    listing = ", ".join(names) if names else _("none")
    raise UsageError(_("no scenario named '{name}'").format(name=name) + did_you_mean(name, names) + "; "
                     + _("available: {names}").format(names=listing))


def perspectives_dir() -> Path:
    """Bundled assumption files, one per stated perspective on a bundled scenario."""
    return bundled_dir() / "perspectives"


def resolve_assumptions(name: str | Path) -> Path:
    """An assumptions file: a path if one exists, else a bundled perspective NAME(.yaml)."""
    given = Path(name)
    try:
        if given.exists() or given.parent != Path("."):
            return given
    except OSError as exc:  # a name too long for the file system
        raise UsageError(_("'{name}' is neither a file nor a bundled perspective ({reason})").format(
            name=short(str(name)), reason=exc.strerror)) from None
    stem = given.name[:-5] if given.name.endswith(".yaml") else given.name
    candidate = perspectives_dir() / f"{stem}.yaml"
    if candidate.is_file():
        return candidate
    names = sorted(p.stem for p in perspectives_dir().glob("*.yaml"))
    raise UsageError(_("no file '{name}' and no bundled perspective of that name").format(name=name)
                     + did_you_mean(stem, names) + "; "
                     + _("bundled perspectives: {names}").format(names=", ".join(names) or _("none")))


# Where the user's own files go.
# Where the user's own files go: ./scenarios/ and ./outputs/, never the project's shipped ones.
#
# In a checkout of this project, ./scenarios/ *is* the bundled library and ./outputs/ the
# committed gallery.  Writing there would mix a user's files into what the project ships
# (and fail its tests), so there the user's files go under ./workspace/ instead.

WORKSPACE = "workspace"


def in_checkout(folder: Path | None = None) -> bool:
    """True when `folder` (default: the current one) is the root of a checkout of this project."""
    try:
        here = (folder or Path.cwd()).resolve()
        return (here / "scenarios").resolve() == bundled_dir().resolve()
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
