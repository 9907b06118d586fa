"""Process gaps reported from the work, and the end-of-day review of unfinished tasks."""
