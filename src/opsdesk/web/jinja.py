"""The Jinja2 environment for what pages repeat: task cards, task lines, task-list rows, runs.

A page's frame stays a Django template; each list or row it repeats is rendered by Jinja2
through `{% row %}` (web/templatetags/opsdesk_rows.py): Django's template language resolved every
variable of every row afresh, which was most of the run page's and the dashboard's time.
The rows print byte for byte what the Django partials printed: the same filters (shared pure
functions), Django's escaping, Django's forgiving lookups, and newlines kept as written.
Values print unlocalized, as under {% localize off %} (the pages' values are ids, counts and
ISO dates): a bare date would print in settings.DATE_FORMAT, as Django prints it there.

Escaping is done once per printed value, by `as_django_prints` (the environment's finalize),
not by Jinja2's autoescape: autoescape passed each value through markupsafe's escape after
finalize, two more Python calls and a Markup object per value, 40% of a run page's rows. So a
row must not print what a `{% set %}` block, a macro or a `{% call %}` captured (that text is
escaped already and would be escaped again); a test keeps the rows free of them.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape as html_escape

from django.conf import settings
from django.template import defaultfilters
from django.utils.formats import localize
from django.utils.html import strip_spaces_between_tags
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup

from .templatetags import opsdesk_dates, opsdesk_ui

# What html.escape (Django's escape) replaces; most printed values hold none of them.
_NEEDS_ESCAPING = re.compile("[&<>\"']")

FILTERS = {
    f.__name__: f
    for f in (
        opsdesk_dates.day,
        opsdesk_dates.day_year,
        opsdesk_dates.due_hint,
        opsdesk_dates.ago_hint,
        opsdesk_dates.moment,
        opsdesk_ui.state_label,
        opsdesk_ui.state_class,
        opsdesk_ui.status_label,
        opsdesk_ui.stage_label,
        opsdesk_ui.action_label,
        opsdesk_ui.risk_label,
        opsdesk_ui.source_label,
        opsdesk_ui.refusal_for,
        opsdesk_ui.refused_action,
        opsdesk_ui.typed,
        opsdesk_ui.link_href,
    )
}


def as_django_prints(value) -> str:
    """What Django prints for a value, escaped as Django escapes it (html.escape: quotes as
    &#x27; and &quot;); text already safe (with __html__) prints as it is."""
    if hasattr(value, "__html__"):
        return value.__html__()
    if type(value) is int:
        return str(value)
    if type(value) is str:
        text = value
    else:  # dates, times, floats: as Django prints them unlocalized
        text = str(localize(template_localtime(value, settings.USE_TZ), use_l10n=False))
    return html_escape(text) if _NEEDS_ESCAPING.search(text) else text


def iso_day(value) -> str:
    """Django's `date:"Y-m-d"`, without its formatting machinery for the common case: a date."""
    if type(value) is date:
        return value.isoformat()
    return defaultfilters.date(value, "Y-m-d")


def spaceless(value) -> Markup:
    """Django's {% spaceless %}: no whitespace between tags."""
    return Markup(strip_spaces_between_tags(str(value).strip()))


def linebreaksbr(value) -> Markup:
    return Markup(defaultfilters.linebreaksbr(value, autoescape=True))


class KeysFirst(Environment):
    """Looks `a.b` up as Django does when `a` is a dict: its key first. The rows' values are
    mostly dicts, for which Jinja2 tried the attribute first and failed (an exception per
    lookup, a quarter of a run page's rows)."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options) -> Environment:
    # A missing key or attribute prints nothing, however deep, as in Django templates.
    options["undefined"] = ChainableUndefined
    # Escaped by `as_django_prints` instead: see the module's docstring.
    options["autoescape"] = False
    # Django keeps a template's last newline; the rows are compared byte for byte.
    options["keep_trailing_newline"] = True
    env = KeysFirst(finalize=as_django_prints, **options)
    env.filters.update(FILTERS)
    env.filters.update(
        spaceless=spaceless,
        linebreaksbr=linebreaksbr,
        filesizeformat=defaultfilters.filesizeformat,
        iso_day=iso_day,
        slugify=defaultfilters.slugify,
    )
    return env
