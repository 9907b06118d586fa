"""Without a mail server, each email becomes a file a person can open: OUTBOX_DIR/<id>.eml.

The file is named by the message's delivery id, so a repeated send rewrites the same file.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _name(message) -> str:
    delivery = message.extra_headers.get("X-Opsdesk-Delivery") or message.message()["Message-ID"]
    return SAFE_NAME.sub("_", str(delivery).strip("<>")) + ".eml"


class EmlFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(settings.OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / _name(message)
            temporary = path.with_suffix(".part")
            temporary.write_bytes(message.message().as_bytes(linesep="\r\n"))
            # A reader never sees half a file.
            temporary.replace(path)
        return len(email_messages)
