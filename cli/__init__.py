"""The `scenarios` command: a thin click layer over `engine`."""
