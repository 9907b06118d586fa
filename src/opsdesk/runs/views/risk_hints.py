"""The at-risk hint a task card shows: the run summary's reasons and hints for that task."""

from __future__ import annotations


def attach_risks(cards: list[dict], summary: dict) -> list[dict]:
    """Give each card `risk` (reasons and atRiskWhen hints) when its task puts the run at risk."""
    by_task = {item["taskId"]: item for item in summary["atRiskTasks"]}
    for card in cards:
        card["risk"] = by_task.get(card["task"]["id"])
    return cards
