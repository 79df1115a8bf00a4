"""What the engine writes for people and other tools: diagrams, path reports, exports and charts."""

EXPORT_FORMATS = ("efg", "json", "graphml")  # exports.EXPORTS's, named here so `export --help` imports no exporter
