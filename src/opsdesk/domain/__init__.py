"""The rules of opsdesk as pure functions of plain values: no Django, no I/O, no clock."""
