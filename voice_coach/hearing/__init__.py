"""hearing layer."""
