"""The workshop's front ends: the handout, the played-path diagram, and the browser screens."""
