"""Analyses under stated assumptions, one module per command: analyze, sensitivity, compare, diff,
balance, matrix, story, signposts, information (analyze --value-of-information) and uncertainty/.

Every number here follows from the scenario's stated assumptions (and those you set); none is a
forecast. The package imports nothing itself: import the command's module (e.g.
`scenarios.engine.analysis.analyze`), or use the public API in `scenarios.engine`.
"""
