"""`uncertainty`: sampling assumption sets, the vectorized rollback, importance indices and scenario discovery."""
