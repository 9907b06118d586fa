"""Cross-cutting protections that sit in front of every view: response headers and body limits."""
