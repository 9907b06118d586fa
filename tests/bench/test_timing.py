from opsdesk.bench.timing import measure


def test_a_measure_takes_every_sample_when_nothing_stops_it():
    calls = []
    timing = measure("call", "1 run", lambda: calls.append(1), samples=5, warmup=2)
    assert (len(calls), timing.samples) == (7, 5)


def test_a_measure_stops_when_told_but_keeps_at_least_one_sample():
    calls = []
    timing = measure(
        "call", "1 run", lambda: calls.append(1), samples=50, warmup=0, until=lambda: True
    )
    assert (len(calls), timing.samples) == (1, 1)


def test_a_measure_stops_once_its_condition_turns_true():
    calls = []
    timing = measure(
        "call",
        "1 run",
        lambda: calls.append(1),
        samples=50,
        warmup=0,
        until=lambda: len(calls) >= 3,
    )
    assert timing.samples == 3
