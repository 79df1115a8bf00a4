"""The file format: YAML read with positions, the pydantic models, checks, compiling and loading."""
