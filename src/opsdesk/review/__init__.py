"""The end-of-day review and the bulk task actions: settle or park the day's unfinished work."""
