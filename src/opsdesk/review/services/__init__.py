"""Services of the review: one bulk action each, built on the single-task services."""
