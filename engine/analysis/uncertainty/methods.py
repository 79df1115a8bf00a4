"""The sampling methods' names, apart from the sampling code, so a command line can list them
without importing NumPy (every `scenarios` command would pay for it at start)."""

from __future__ import annotations

METHODS = ("lhs", "random", "sobol")
