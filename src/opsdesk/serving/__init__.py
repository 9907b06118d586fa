"""Running opsdesk: the HTTP server, the scheduler process beside it, the data-dir lock."""
