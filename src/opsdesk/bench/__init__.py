"""`make bench`: latency of the screens people use, at 30, 300 and 1,000 active runs."""
