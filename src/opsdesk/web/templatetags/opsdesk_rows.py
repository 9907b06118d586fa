"""`{% row "runs/_task_card.html" card=card %}`: one repeated row of a page, rendered by Jinja2.

The row sees what every page offers (PAGE_KEYS) plus the values the tag names; see web/jinja.py
for why rows are Jinja2 templates.
"""

from __future__ import annotations

from django import template
from django.template import engines
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# What a page's rows may read besides the values they are given.
PAGE_KEYS = ("request", "user", "today", "here", "as_of", "can_write", "refusal", "users")
_CSRF_KEY = "opsdesk.rows.csrf"


def csrf_input(context) -> str:
    """The hidden CSRF field {% csrf_token %} prints, made once per page render."""
    cache = context.render_context
    if _CSRF_KEY not in cache:
        token = context.get("csrf_token")
        ok = token and token != "NOTPROVIDED"
        field = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        cache[_CSRF_KEY] = format_html(field, token) if ok else ""
    return cache[_CSRF_KEY]


def jinja_template(name: str):
    return engines["jinja2"].env.get_template(name)


@register.simple_tag(takes_context=True)
def row(context, template_name: str, **values):
    # A key the page lacks stays undefined (it prints nothing), as in the page itself.
    page = {key: context[key] for key in PAGE_KEYS if key in context}
    page.setdefault("refusal", None)
    page["csrf_input"] = csrf_input(context)
    return mark_safe(jinja_template(template_name).render(page | values))
