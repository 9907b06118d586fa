"""`opsdesk tick`: one pass of recurring work, automatic runs and reminders."""


def register(commands) -> None:
    """The schedule commands are added here."""
