"""The recognition benchmark: its corpus (sources, streams), engines side by side (run), scores and tables."""
