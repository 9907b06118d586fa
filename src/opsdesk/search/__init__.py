"""One search over docs, runs, tasks and process gaps."""
