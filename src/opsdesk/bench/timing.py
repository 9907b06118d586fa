"""Repeating a call and reporting its p50 and p95 in milliseconds, wall clock and CPU."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    scale: str
    p50_ms: float
    p95_ms: float
    samples: int
    # This process's CPU per call: on a shared machine the wall clock also counts time spent
    # waiting for a core, so CPU is the steadier number to compare (it misses a server's CPU).
    cpu_p50_ms: float = 0.0


def percentile(sorted_ms: list[float], fraction: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(fraction * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def measure(
    name: str,
    scale: str,
    call: Callable[[], object],
    samples: int,
    warmup: int = 2,
    until: Callable[[], bool] = lambda: False,
):
    """Run `call` a few times to warm caches, then `samples` times under the clock, or fewer
    when `until()` turns true (at least once)."""
    for _ in range(warmup):
        call()
    took, cpu = [], []
    while len(took) < samples and not (took and until()):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        took.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    took.sort()
    cpu.sort()
    return Timing(
        name,
        scale,
        round(percentile(took, 0.5), 2),
        round(percentile(took, 0.95), 2),
        len(took),
        round(percentile(cpu, 0.5), 2),
    )
