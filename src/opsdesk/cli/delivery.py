"""`opsdesk deliver`, `opsdesk outbox list` and `opsdesk webhooks list|add|test`."""

from __future__ import annotations

import signal
import sys
import time

from .actors import acting_user
from .output import print_json, print_table

DELIVER_INTERVAL_SECONDS = 60


def register(commands) -> None:
    deliver = commands.add_parser(
        "deliver", help="send queued emails and webhook calls (every minute until stopped)"
    )
    deliver.add_argument("--once", action="store_true", help="one pass, then exit")
    deliver.add_argument("--json", action="store_true", help="print each pass's report as JSON")
    deliver.set_defaults(handler=run_deliver)

    outbox = commands.add_parser("outbox", help="messages queued for delivery")
    outbox_sub = outbox.add_subparsers(dest="outbox_command", required=True, metavar="SUBCOMMAND")
    listing = outbox_sub.add_parser("list", help="the newest outbox messages")
    listing.add_argument("--failed", action="store_true", help="only messages given up on")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_outbox)

    webhooks = commands.add_parser("webhooks", help="webhooks that receive opsdesk events")
    sub = webhooks.add_subparsers(dest="webhooks_command", required=True, metavar="SUBCOMMAND")
    wl = sub.add_parser("list", help="webhooks and their events")
    wl.add_argument("--json", action="store_true")
    wl.set_defaults(handler=list_webhooks)
    add = sub.add_parser("add", help="add a webhook (its secret is printed once)")
    add.add_argument("--url", required=True)
    add.add_argument(
        "--event", action="append", required=True, dest="events", help="an event; repeatable"
    )
    add.add_argument("--name", default="")
    add.add_argument("--secret", default=None, help="default: a new random secret")
    add.add_argument("--as", dest="as_email", default=None, help="the admin adding it")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=add_webhook)
    test = sub.add_parser("test", help="queue a test message to a webhook and send it now")
    test.add_argument("webhook_id", type=int)
    test.add_argument("--as", dest="as_email", default=None, help="the admin sending it")
    test.add_argument("--json", action="store_true")
    test.set_defaults(handler=test_webhook)


def _print_report(report, as_json: bool) -> None:
    if as_json:
        print_json(report.json())
        return
    data = report.json()
    print(
        f"delivered: {data['sent']} sent, {data['retrying']} to retry, {data['failed']} given up, "
        f"{data['skipped']} skipped; {data['digestsQueued']} digest(s) queued"
    )
    for failure in data["failures"]:
        print(f"failure: {failure}")


def run_deliver(args) -> int:
    from opsdesk.delivery.passes import deliver
    from opsdesk.serving.data_lock import data_dir_in_use

    if args.once:
        _print_report(deliver(), args.json)
        return 0
    stop = {"requested": False}

    def request_stop(*_):
        stop["requested"] = True

    # Like the scheduler: a restore must not replace the database beneath a running loop.
    with data_dir_in_use("opsdesk deliver"):
        previous = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            while not stop["requested"]:
                _one_round(deliver(), args.json)
                deadline = time.monotonic() + DELIVER_INTERVAL_SECONDS
                while not stop["requested"] and time.monotonic() < deadline:
                    time.sleep(0.5)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return 0


def _one_round(report, as_json: bool) -> None:
    if as_json or report.sent or report.failures:
        _print_report(report, as_json)
        sys.stdout.flush()
    # A long-lived process must not keep database connections between rounds.
    from django.db import connections

    connections.close_all()


def list_outbox(args) -> int:
    from opsdesk.delivery.queries import outbox_json

    items = outbox_json(failed_only=args.failed, limit=max(1, min(args.limit, 1000)))
    if args.json:
        print_json({"outbox": items})
        return 0
    print_table(
        items,
        [
            ("createdAt", "Queued"),
            ("channel", "Channel"),
            ("topic", "What"),
            ("to", "To"),
            ("status", "Status"),
            ("attempts", "Attempts"),
            ("lastError", "Last error"),
        ],
        empty="No failed messages." if args.failed else "The outbox is empty.",
    )
    return 0


def list_webhooks(args) -> int:
    from opsdesk.delivery.webhooks import all_webhooks, webhook_json

    items = [webhook_json(w) for w in all_webhooks()]
    if args.json:
        print_json({"webhooks": items})
        return 0
    rows = [
        i | {"events": ", ".join(i["events"]), "on": "on" if i["enabled"] else "off"} for i in items
    ]
    print_table(
        rows,
        [("id", "ID"), ("name", "Name"), ("url", "URL"), ("events", "Events"), ("on", "State")],
        empty="No webhooks.",
    )
    return 0


def add_webhook(args) -> int:
    from opsdesk.delivery.webhooks import create_webhook, webhook_json

    webhook = create_webhook(
        acting_user(args.as_email),
        url=args.url,
        events=args.events,
        name=args.name,
        secret=args.secret,
    )
    data = webhook_json(webhook, with_secret=True)
    if args.json:
        print_json(data)
        return 0
    print(f"webhook {data['id']} added: {data['url']} ({', '.join(data['events'])})")
    print(f"secret (shown once, keep it to verify X-Opsdesk-Signature): {data['secret']}")
    return 0


def test_webhook(args) -> int:
    from opsdesk.delivery.webhooks import send_test

    result = send_test(acting_user(args.as_email), args.webhook_id)
    if args.json:
        print_json(result)
        return 0 if result["ok"] else 1
    print(("sent: " if result["ok"] else "failed: ") + result["message"])
    return 0 if result["ok"] else 1
