"""The pages of schedule: recurring work, the calendar feed, notifications."""
