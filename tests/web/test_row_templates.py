"""Rows pages repeat are Jinja2 templates (web/jinja.py): escaped, printed as Django would."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template, engines
from django.test import Client
from django.utils.safestring import mark_safe
from markupsafe import Markup

import opsdesk
from opsdesk.runs.models import Task

from .builders import oss_run, task

pytestmark = pytest.mark.django_db

MARKUP = """<script>alert("x")</script> & 'quoted'"""
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;"


@pytest.mark.parametrize(
    "value",
    [
        "plain words",
        "a < b & c > d",
        MARKUP,
        'it\'s "both"',
        7,
        0,
        1.5,
        None,
        True,
        "",
        date(2026, 7, 22),
        datetime(2026, 7, 22, 23, 30, tzinfo=UTC),
        mark_safe("<b>kept</b> 'as is'"),
        Markup('<i>kept</i> "too"'),
    ],
)
def test_a_row_prints_a_value_byte_for_byte_as_a_django_template_does(value):
    # Unlocalized, as the run page and the dashboard print theirs (their values are ids,
    # counts and ISO dates).
    source = "{% load l10n %}{% localize off %}{{ value }}{% endlocalize %}"
    django = Template(source).render(Context({"value": value}))
    jinja = engines["jinja2"].env.from_string("{{ value }}").render(value=value)
    assert jinja == django


@pytest.mark.parametrize(
    "value", [date(2026, 7, 2), datetime(2026, 7, 2, 23, 30), None, "", "2026-07-02", "soon"]
)
def test_a_rows_iso_day_prints_what_djangos_date_filter_prints(value):
    django = Template('{{ value|date:"Y-m-d" }}').render(Context({"value": value}))
    jinja = engines["jinja2"].env.from_string("{{ value|iso_day }}").render(value=value)
    assert jinja == django


def test_a_task_description_with_markup_is_escaped_in_every_row(operator_client, operator):
    run = oss_run(operator)
    Task.objects.filter(run=run).update(description=MARKUP, waiting_note=MARKUP)
    pages = {
        "run page": f"/workflows/{run.id}/?asOf=2026-07-09",
        "task page": f"/tasks/{task(run, 'reach-out-github-authors').id}/",
        "dashboard": "/?scope=all&asOf=2026-07-09",
        "task list": "/tasks/?asOf=2026-07-09",
    }
    for name, path in pages.items():
        page = operator_client.get(path).content.decode()
        assert "<script>" not in page, name
        assert ESCAPED in page, name


def test_a_cards_form_carries_a_csrf_token_the_site_accepts(operator):
    run = oss_run(operator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    youtube = task(run, "download-upload-youtube")
    page = client.get(f"/workflows/{run.id}/").content.decode()
    card_form = page[page.index(f'action="/tasks/{youtube.id}/complete/"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card_form).group(1)
    response = client.post(
        f"/tasks/{youtube.id}/complete/",
        {"link": "https://youtu.be/abc123", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert task(run, "download-upload-youtube").status == "done"


def test_the_run_pages_link_slots_print_typed_and_saved_values_as_django_did(
    operator_client, operator
):
    run = oss_run(operator)
    run.slots.filter(name="Tool GitHub").update(url=MARKUP)
    back = f"/workflows/{run.id}/"
    operator_client.post(f"{back}links/", {"back": back, "name": "YouTube", "url": MARKUP})

    page = operator_client.get(back).content.decode()
    links = page[page.index('id="links"') : page.index("</section>", page.index('id="links"'))]

    assert "<script>" not in links
    assert links.count(f'value="{ESCAPED}"') == 2  # the refused YouTube link and the saved one
    youtube = links[links.index('value="YouTube"') :]
    assert youtube.index('aria-describedby="slot-') < youtube.index('role="alert"')
    assert 'name="csrfmiddlewaretoken" value="' in links


ROW_TEMPLATES = sorted(Path(opsdesk.__file__).parent.glob("*/jinja2/**/*.html"))
CAPTURES = re.compile(r"{%-?\s*(macro|call)\b|{%-?\s*set\s+[\w, ]+-?%}")


@pytest.mark.parametrize("path", ROW_TEMPLATES, ids=lambda p: p.name)
def test_a_row_captures_no_text_it_would_escape_a_second_time(path):
    # Rows escape each printed value once, in the environment's finalize (web/jinja.py):
    # text a block `set`, a macro or a `call` captured is escaped already.
    assert not CAPTURES.search(path.read_text()), path


def test_every_row_template_is_checked_for_captures():
    assert len(ROW_TEMPLATES) >= 15
    assert CAPTURES.search("{% set words %}<b>x</b>{% endset %}")
    assert not CAPTURES.search("{% set err = refusal|refusal_for(task.id) %}")


@pytest.mark.parametrize(
    "source, values",
    [
        ("{{ task.id }}", {"task": {"id": 7}}),
        ("{{ d.items }}", {"d": {"items": "the key, not dict.items"}}),
        ("{{ d.missing }}|{{ d.missing.deeper }}", {"d": {"id": 1}}),
        ("{{ o.name }}", {"o": SimpleNamespace(name="an attribute")}),
        ("{{ rows.0 }}", {"rows": ["first"]}),
    ],
)
def test_a_rows_dotted_lookup_finds_what_django_finds(source, values):
    django = Template(source).render(Context(values))
    jinja_source = source.replace("rows.0", "rows[0]")  # Jinja2 indexes lists with brackets
    assert engines["jinja2"].env.from_string(jinja_source).render(values) == django
