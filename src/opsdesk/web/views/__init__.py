"""The operator pages, one module per screen."""
