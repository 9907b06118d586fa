"""Services of accounts: one user action each, audited, the same for the CLI, API and admin."""
