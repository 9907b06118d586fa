"""Recurring configs and notifications over HTTP."""

from ninja import Router

router = Router(tags=["schedule"])
