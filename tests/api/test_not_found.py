"""Unknown API paths answer with the JSON error contract, not an HTML page."""

from __future__ import annotations


def test_an_unknown_api_path_answers_json_404(operator_client):
    response = operator_client.get("/api/tasks/not-a-number")

    assert response.status_code == 404
    assert response.json()["error"] == "not-found"


def test_an_unknown_page_answers_html_404(operator_client):
    response = operator_client.get("/no-such-page/")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
