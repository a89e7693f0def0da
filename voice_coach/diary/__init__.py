"""The cramp diary: what happened each night, kept in one SQLite file on the person's machine, never audio."""
