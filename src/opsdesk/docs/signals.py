"""What other parts of opsdesk may learn from a doc save, without docs importing them."""

from django.dispatch import Signal

# Sent inside the save's transaction with `actor` and `revision`, when the save says it fixes a
# process gap (revision.fixes_gap_id): a receiver that raises refuses the whole save.
doc_fixes_gap = Signal()
