"""What the engine writes for people and other tools: diagrams, path reports, exports and charts."""
