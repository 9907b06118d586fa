"""Made-up but plausible proof for demo tasks, chosen to satisfy each task's proof rules."""

from __future__ import annotations

import random

from opsdesk.domain.proof import proof_kind, proof_rules

COMMENTS = (
    "Sent by email, copied the host",
    "Posted in the project's Discussions",
    "Confirmed on a call",
    "Followed the SOP; nothing unusual",
)
STATUSES = ("Confirmed", "Scheduled", "Reviewed and approved", "Updated")


def fake_link(rng: random.Random, slot: str | None, email: bool) -> str:
    if email:
        return f"mailto:guest{rng.randrange(10_000)}@example.org"
    slug = (slot or "link").lower().replace(" ", "-")
    return f"https://example.org/{slug}/{rng.randrange(1_000_000):06d}"


def proof_values(rng: random.Random, definition: dict, email_slots: set[str]) -> dict:
    """Field values (link, comment, external_status) that meet the definition's rules."""
    values = {"link": "", "comment": "", "external_status": ""}
    for rule in proof_rules(definition.get("proof", [])):
        option = rng.choice(rule.options)
        field = proof_kind(option.kind).evidence
        if field == "link":
            values["link"] = fake_link(rng, option.slot, option.slot in email_slots)
        elif field == "comment":
            values["comment"] = rng.choice(COMMENTS)
        else:
            # A file proof is represented by a status note in demo data: no bytes are stored.
            values["external_status"] = rng.choice(STATUSES)
    return values
