"""The routine data files, one ``<id>.yaml`` per routine (a package so the files ship in the wheel)."""
