"""Charts with matplotlib: one module per analysis that draws them (sensitivity, uncertainty)."""
