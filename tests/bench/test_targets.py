"""The issue's targets per scale and database, the verdicts, and the growth ratios."""

from __future__ import annotations

from opsdesk.bench.targets import Measured, growth, growth_table, table, target, verdict


def _row(name="search", runs=1000, database="sqlite", p50=5.0, p95=9.0, samples=50):
    return Measured(name, runs, database, p50, p95, samples)


def test_targets_follow_the_scale_and_are_half_as_loose_again_on_postgresql():
    assert target("search", 1000, "sqlite") == 10
    assert target("search", 10_000, "sqlite") == 20
    assert target("search", 10_000, "postgresql") == 30
    assert target("seed-demo", 1000, "sqlite") == 15
    assert target("worker RSS after 1,000 requests", 10_000, "postgresql") == 300
    assert target("something else", 1000, "sqlite") is None


def test_the_verdict_judges_p95_against_the_target():
    assert verdict(_row(p95=10.0)) == "met"
    assert verdict(_row(p95=10.5)) == "MISSED"
    assert verdict(_row(p95=14.0, database="postgresql")) == "met"
    assert verdict(_row(name="unknown")) == ""


def test_growth_compares_the_smallest_and_largest_scale_per_measure_and_database():
    rows = [
        _row(p50=4.0, p95=8.0),
        _row(runs=10_000, p50=8.0, p95=20.0),
        _row(database="postgresql", p50=6.0, p95=9.0),
        _row(name="complete a task", p50=3.0, p95=4.0),
    ]
    [grown] = growth(rows)
    assert (grown.name, grown.database) == ("search", "sqlite")
    assert (grown.p50, grown.p95, grown.cpu) == (2.0, 2.5, None)
    assert not grown.within_limit
    assert "MISSED" in growth_table(rows).splitlines()[1]


def test_seed_demo_may_grow_as_its_targets_do_and_requests_only_twofold():
    seeded = [_row("seed-demo", p50=4.0, p95=4.0), _row("seed-demo", 10_000, p50=30.0, p95=30.0)]
    [grown] = growth(seeded)
    assert grown.within_limit and "10.0 met" in growth_table(seeded)
    assert not growth([_row(p50=4.0, p95=4.0), _row(runs=10_000, p50=9.0, p95=9.0)])[0].within_limit


def test_growth_within_the_limit_and_its_cpu_ratio():
    small = Measured("search", 1000, "sqlite", 4.0, 8.0, 30, cpu_ms=2.0)
    large = Measured("search", 10_000, "sqlite", 7.0, 16.0, 30, cpu_ms=3.0)
    [grown] = growth([large, small])
    assert (grown.p50, grown.p95, grown.cpu) == (1.75, 2.0, 1.5)
    assert grown.within_limit
    assert growth_table([small, large]).splitlines()[1].split()[-5:] == [
        "1.8",
        "2.0",
        "1.5",
        "2.0",
        "met",
    ]


def test_the_table_shows_one_line_per_measure_with_its_target_and_verdict():
    lines = table([_row(), _row(name="seed-demo", p50=12.3, p95=12.3, samples=1)]).splitlines()
    assert len(lines) == 3
    assert lines[1].split()[-6:] == ["9.0", "ms", "10.0", "met", "-", "50"]
    assert "12.3" in lines[2] and lines[2].count("12.3") == 1
