"""`python -m scenarios`: the same as the `scenarios` command."""

from scenarios.cli.main import main

main()
