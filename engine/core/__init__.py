"""The core: the compiled model (expressions, runtime), its walk, its graph, the loaded Scenario and its unfolding."""
