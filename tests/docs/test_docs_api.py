"""GET /api/docs/{ref} and GET /api/search through HTTP, on a fixture content tree."""

from __future__ import annotations

import pytest

from .builders import SOP_BODY, doc_text, write_content
from .search_corpus import CORPUS

SCHEDULE_PATH = "media/open-source-spotlight/sops/schedule.md"


@pytest.fixture
def content(tmp_path, settings):
    files = {
        **CORPUS,
        SCHEDULE_PATH: doc_text(
            "sop.media.oss.schedule",
            title="Schedule the OSS video",
            aliases=["oss-schedule"],
            related_docs=["sop.media.oss.adding-timecodes", "sop.gone"],
            tags=["youtube"],
            body=SOP_BODY + "\n<script>alert(1)</script>\n\nSee [[oss-schedule|myself]].\n",
        ),
    }
    tree = write_content(tmp_path, files)
    settings.CONTENT_DIR = tree
    settings.TEMPLATES_DIR = tree / "tasks" / "templates"
    settings.DATA_DIR = tmp_path / "var"
    return tree


def get(client, path: str):
    response = client.get(f"/api{path}")
    return response.status_code, response.json()


@pytest.mark.parametrize(
    "ref",
    [
        "sop.media.oss.schedule",
        "oss-schedule",
        f"content/{SCHEDULE_PATH}",
        SCHEDULE_PATH,
        SCHEDULE_PATH.removesuffix(".md"),
    ],
)
def test_a_doc_is_served_by_id_alias_or_path(operator_client, content, ref):
    status, body = get(operator_client, f"/docs/{ref}")
    assert status == 200, body
    assert body["id"] == "sop.media.oss.schedule"


def test_the_doc_carries_metadata_sections_steps_and_safe_html(operator_client, content):
    _, body = get(operator_client, "/docs/sop.media.oss.schedule")
    assert body["title"] == "Schedule the OSS video"
    assert body["docType"] == "sop"
    assert body["aliases"] == ["oss-schedule"]
    assert body["tags"] == ["youtube"]
    assert body["path"] == f"content/{SCHEDULE_PATH}"
    assert body["stable"] is True
    assert body["relatedDocs"] == ["sop.media.oss.adding-timecodes", "sop.gone"]
    assert [r["resolved"] for r in body["related"]] == [True, False]
    assert [s["name"] for s in body["sections"]] == ["purpose", "procedure"]
    assert body["steps"][1] == {
        "id": "2",
        "title": "Set the date",
        "group": "In YouTube Studio",
        "section": "procedure",
    }
    assert 'id="step-2"' in body["html"]
    assert "<script" not in body["html"]
    assert 'href="/docs/sop.media.oss.schedule/"' in body["html"]


def test_an_unknown_doc_is_a_404_with_suggestions(operator_client, content):
    status, body = get(operator_client, "/docs/sop.media.timecodes-for-videos")
    assert status == 404
    assert body["error"] == "not-found"
    assert "sop.media.timecodes-for-videos" in body["message"]
    suggested = [s["id"] for s in body["suggestions"]]
    assert "sop.media.oss.adding-timecodes" in suggested
    assert set(body["suggestions"][0]) == {"id", "title"}


def test_search_returns_ranked_results_in_the_documented_shape(operator_client, content):
    status, body = get(operator_client, "/search?q=download+zoom+recording")
    assert status == 200
    first = body["results"][0]
    assert first["id"] == "reference.media.oss.download-from-zoom"
    assert set(first) == {"id", "title", "docType", "snippet", "score"}


def test_search_filters_by_type_tag_and_system(operator_client, content):
    _, body = get(operator_client, "/search?q=youtube&type=reference&tag=zoom&system=google-drive")
    assert [r["id"] for r in body["results"]] == ["reference.media.oss.download-from-zoom"]


@pytest.mark.parametrize("q", ['"', "AND OR", "*", "NEAR(", "", "%22%29%28"])
def test_search_with_hostile_text_answers_200(operator_client, content, q):
    status, body = get(operator_client, f"/search?q={q}")
    assert status == 200
    assert isinstance(body["results"], list)


def test_docs_need_a_logged_in_user(client, content):
    assert client.get("/api/docs/sop.media.oss.schedule").status_code == 401
    assert client.get("/api/search?q=zoom").status_code == 401
