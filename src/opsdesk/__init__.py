"""opsdesk: process docs and workflow templates as dated, proof-gated operator work."""
