"""Finding scenarios by name: a path, then ./scenarios/NAME.yaml, then the bundled library."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError, did_you_mean


def bundled_dir() -> Path:
    """The library shipped with the program (the repo's scenarios/ in a checkout)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "scenarios"
    return checkout if checkout.is_dir() else here / "library"


def local_dir() -> Path:
    return Path.cwd() / "scenarios"


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
                is_bundled = origin == "local" and real.parent == bundled_dir().resolve()
                entries[file.stem] = Entry(file.stem, file, "bundled" if is_bundled else origin)
    return list(entries.values())


def resolve(name: str) -> Path:
    """NAME is a path if one exists, else ./scenarios/NAME.yaml, else bundled NAME.yaml."""
    given = Path(name)
    if given.is_file():
        return given
    if given.is_dir():
        raise UsageError(f"'{name}' is a folder; give a scenario file or name")
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
