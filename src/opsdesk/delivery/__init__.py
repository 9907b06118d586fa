"""Delivery: emails and webhook calls queued in an outbox with their cause, sent exactly once."""
