"""The guides `scenarios guide` prints (docs/guides/*.md, shipped as package data).

A package rather than a data-only folder because it lives outside the package tree, in docs/:
an editable install finds a mapped folder only by its __init__.
"""
