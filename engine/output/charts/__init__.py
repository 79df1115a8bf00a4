"""Charts with matplotlib: one module per analysis that draws them (sensitivity, uncertainty)."""

CHART_FORMATS = ("svg", "png")  # here, light, so a command's --help lists them without matplotlib's modules
