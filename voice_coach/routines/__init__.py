"""routines layer: routines as validated data (model, loader, the YAML files in ``data/``)."""
