"""Demo data: a realistic, deterministic team history for trying opsdesk out and for benchmarks."""
