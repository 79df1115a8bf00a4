"""The program's own words, in the reader's language: catalogue, wording, names, numbers, sources, hints."""
