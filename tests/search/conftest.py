def pytest_configure(config):
    # The two-instance test reuses the serve helpers of tests/transfer, whose module marks "slow".
    config.addinivalue_line(
        "markers", "slow: starts other opsdesk processes (several seconds each)"
    )
