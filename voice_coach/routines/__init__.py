"""routines layer."""
