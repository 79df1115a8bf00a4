"""The README as installed documentation: from the checkout, or from the installed package's metadata."""

from __future__ import annotations

from .errors import RuntimeFailure
from .extras import DISTRIBUTION


def readme() -> str:
    """The README text: the checkout's own file, else the long description pip installed with the package."""
    from .library import bundled_dir

    root = bundled_dir().parent
    if (root / "pyproject.toml").is_file() and (root / "README.md").is_file():
        return (root / "README.md").read_text(encoding="utf-8")
    from importlib import metadata

    try:
        text = metadata.metadata(DISTRIBUTION).get_payload()  # type: ignore[attr-defined]
    except metadata.PackageNotFoundError:
        text = None
    if not text:
        raise RuntimeFailure("the README is not installed with this copy of scenarios")
    return str(text)


def section(text: str, heading: str) -> str:
    """From `heading` to the next heading of the same or a higher level (code blocks are skipped)."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    try:
        start = lines.index(heading)
    except ValueError:
        raise RuntimeFailure(f"the README has no section '{heading.lstrip('# ')}'") from None
    fenced = False
    end = len(lines)
    for k in range(start + 1, len(lines)):
        line = lines[k]
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            if hashes <= level and line[hashes:hashes + 1] == " ":
                end = k
                break
    return "\n".join(lines[start:end]).rstrip() + "\n"
