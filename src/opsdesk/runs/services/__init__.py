"""Services: one user action each — load, ask the domain, write, audit — in one transaction."""
