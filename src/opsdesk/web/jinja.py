"""The Jinja2 environment for what pages repeat: task cards, task lines, task-list rows, runs.

A page's frame stays a Django template; each list or row it repeats is rendered by Jinja2
through `{% row %}` (web/templatetags/opsdesk_rows.py): Django's template language resolved every
variable of every row afresh, which was most of the run page's and the dashboard's time.
The rows print byte for byte what the Django partials printed: the same filters (shared pure
functions), Django's escaping, Django's forgiving lookups, and newlines kept as written.
Values print unlocalized, as under {% localize off %} (the pages' values are ids, counts and
ISO dates): a bare date would print in settings.DATE_FORMAT, as Django prints it there.
"""

from __future__ import annotations

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


def as_django_prints(value):
    """What Django prints for a value, before autoescape escapes it: Django writes quotes as
    html.escape does (&#x27;, &quot;), markupsafe as &#39; and &#34;; both write &, < and > alike.
    So only text with a quote is escaped here (and marked safe); the rest is left to markupsafe,
    whose escaping is the fast one."""
    if hasattr(value, "__html__"):
        return value
    if type(value) is str:
        text = value
    elif type(value) is int:
        text = str(value)
    else:  # dates, times, floats: as Django prints them unlocalized
        text = str(localize(template_localtime(value, settings.USE_TZ), use_l10n=False))
    if "'" in text or '"' in text:
        return Markup(html_escape(text))
    return text


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


def environment(**options) -> Environment:
    # A missing key or attribute prints nothing, however deep, as in Django templates.
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    # Django keeps a template's last newline; the rows are compared byte for byte.
    options["keep_trailing_newline"] = True
    env = Environment(finalize=as_django_prints, **options)
    env.filters.update(FILTERS)
    env.filters.update(
        spaceless=spaceless,
        linebreaksbr=linebreaksbr,
        filesizeformat=defaultfilters.filesizeformat,
        iso_day=iso_day,
        slugify=defaultfilters.slugify,
    )
    return env
