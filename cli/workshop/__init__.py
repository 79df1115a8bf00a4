"""The workshop's front ends: the handout, the played-path diagram, and the browser screens."""

DEFAULT_PORT = 8766  # serve's is 8765: "show the map, then start the vote" runs both at once
