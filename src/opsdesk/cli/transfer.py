"""`opsdesk export|import|backup`."""


def register(commands) -> None:
    """The transfer commands are added here."""
