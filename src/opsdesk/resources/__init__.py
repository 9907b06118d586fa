"""Team resources: named values reused across runs (the OSS playlist URL, the Calendly link)."""
