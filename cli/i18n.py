"""The `_()` helper the commands wrap their words in: the engine's catalogue, one place to import from."""

from scenarios.engine.text.i18n import N_, _, ngettext

__all__ = ["N_", "_", "ngettext"]
