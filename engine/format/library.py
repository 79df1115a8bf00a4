"""Finding scenarios by name: a path, then the user's ./scenarios/NAME.yaml, then the bundled library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenarios.engine.errors import UsageError, did_you_mean
from scenarios.engine.finite import short


def bundled_dir() -> Path:
    """The library shipped with the program: the data files of the `scenarios` package itself
    (the repo's scenarios/ folder in a checkout)."""
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def local_dir() -> Path:
    """The user's own scenarios (see workspace.py: never the bundled library itself)."""
    from .workspace import scenarios_dir

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
            raise UsageError(f"'{name}' is a folder; give a scenario file or name")
    except OSError as exc:  # a name too long for the file system, say: not a file, so not a name either
        raise UsageError(f"'{short(name)}' is neither a file nor a scenario name ({exc.strerror})") from None
    stem = name[:-5] if name.endswith(".yaml") else name
    for folder in (local_dir(), bundled_dir()):
        candidate = folder / f"{stem}.yaml"
        if "/" not in stem and "\\" not in stem and candidate.is_file():
            return candidate
    names = [e.name for e in available()]
    if "/" in name or "\\" in name or name.endswith((".yaml", ".yml")):
        raise UsageError(f"no such file: {name}")
    listing = ", ".join(names) if names else "none"
    raise UsageError(f"no scenario named '{name}'{did_you_mean(name, names)}; available: {listing}")


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
        raise UsageError(f"'{short(str(name))}' is neither a file nor a bundled perspective ({exc.strerror})") from None
    stem = given.name[:-5] if given.name.endswith(".yaml") else given.name
    candidate = perspectives_dir() / f"{stem}.yaml"
    if candidate.is_file():
        return candidate
    names = sorted(p.stem for p in perspectives_dir().glob("*.yaml"))
    raise UsageError(f"no file '{name}' and no bundled perspective of that name{did_you_mean(stem, names)}; "
                     f"bundled perspectives: {', '.join(names) or 'none'}")
