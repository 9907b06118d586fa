"""Export, import and backup: the team's run history, portable and restorable."""
