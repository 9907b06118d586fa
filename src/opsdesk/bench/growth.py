"""How each measure grew from the smallest scale to the largest: the cost of more runs."""

from __future__ import annotations

from .timing import Timing


def _ratio(large: float, small: float) -> str:
    return f"{large / small:.2f}x" if small > 0 else "-"


def growth_table(rows: list[Timing]) -> str:
    """One line per measure timed at more than one scale: first and last p50/p95 and ratios."""
    by_name: dict[str, list[Timing]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append(row)
    header = (
        f"{'growth':34} {'from':>12} {'to':>12} {'p50 ms':>16} {'p95 ms':>16} "
        f"{'p50 x':>7} {'p95 x':>7} {'cpu x':>7}"
    )
    lines = [header]
    for name, timed in by_name.items():
        if len(timed) < 2:
            continue
        small, large = timed[0], timed[-1]
        lines.append(
            f"{name:34} {small.scale:>12} {large.scale:>12} "
            f"{f'{small.p50_ms:.1f} -> {large.p50_ms:.1f}':>16} "
            f"{f'{small.p95_ms:.1f} -> {large.p95_ms:.1f}':>16} "
            f"{_ratio(large.p50_ms, small.p50_ms):>7} {_ratio(large.p95_ms, small.p95_ms):>7} "
            f"{_ratio(large.cpu_p50_ms, small.cpu_p50_ms):>7}"
        )
    return "\n".join(lines)
