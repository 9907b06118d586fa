"""The pages of runs: the dashboard, the library, a run, the task list and task actions."""
