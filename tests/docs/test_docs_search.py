"""Search: operator phrases find the right doc, filters narrow, and no query can break it."""

from __future__ import annotations

import pytest

from opsdesk.docs.frontmatter import parse_doc
from opsdesk.docs.search import build_index, fts_query, query_terms

from .builders import doc_text
from .search_corpus import CORPUS


@pytest.fixture(scope="module")
def index():
    docs = [parse_doc(text, path)[0] for path, text in CORPUS.items()]
    built = build_index(docs)
    yield built
    built.close()


def top_ids(index, query: str, n: int = 3, **filters) -> list[str]:
    return [hit.id for hit in index.search(query, **filters)[:n]]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("add timecodes", "sop.media.video-youtube.add-timecodes"),
        ("add timecodes", "sop.media.oss.adding-timecodes"),
        ("download zoom recording", "reference.media.oss.download-from-zoom"),
        ("invite the author", "template.media.oss.reaching-out-to-authors"),
        ("playlist", "sop.media.video-youtube.adding-videos-to-playlist"),
        ("reach out to maintainers on github", "sop.media.oss.reach-out-to-guests"),
        ("schedule youtube video", "sop.media.oss.schedule-youtube-videos"),
    ],
)
def test_operator_phrases_put_the_right_doc_in_the_top_three(index, phrase, expected):
    assert expected in top_ids(index, phrase), index.search(phrase)


def test_a_word_prefix_finds_the_whole_word(index):
    assert "sop.media.video-youtube.add-timecodes" in top_ids(index, "timecod", n=5)


def test_a_title_match_outranks_a_body_only_match(index):
    ids = top_ids(index, "playlist", n=10)
    assert ids.index("sop.media.video-youtube.adding-videos-to-playlist") < ids.index(
        "sop.media.oss.schedule-youtube-videos"
    )


def test_results_carry_title_type_snippet_and_a_descending_score(index):
    hits = index.search("zoom")
    first = hits[0].to_dict()
    assert set(first) == {"id", "title", "docType", "snippet", "score"}
    assert "<mark>" in first["snippet"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"doc_type": "reference"}, {"reference.media.oss.download-from-zoom"}),
        ({"tag": "podcast"}, {"sop.podcast.upload-recording"}),
        (
            {"system": "zoom"},
            {"reference.media.oss.download-from-zoom", "sop.podcast.upload-recording"},
        ),
        ({"system": "ZOOM", "doc_type": "sop"}, {"sop.podcast.upload-recording"}),
    ],
)
def test_filters_narrow_results_by_type_tag_and_system(index, filters, expected):
    assert set(top_ids(index, "recording zoom", n=10, **filters)) == expected


def test_an_empty_query_with_a_filter_lists_the_matching_docs(index):
    assert set(top_ids(index, "", n=10, tag="playlist")) == {
        "sop.media.video-youtube.adding-videos-to-playlist"
    }


def test_an_empty_query_without_filters_finds_nothing(index):
    assert index.search("") == []


HOSTILE_QUERIES = [
    '"',
    '""',
    "AND OR",
    "NOT",
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "",
    "   ",
    "title:zoom",
    "^zoom",
    "-zoom",
    "zoom)",
    "((((",
    "'; DROP TABLE doc_meta; --",
    "\x00",
    "ä" * 500,
    "word " * 200,
    "_",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(index, query):
    assert isinstance(index.search(query), list)
    assert isinstance(index.search(query, doc_type="sop", tag="x", system="y"), list)


def test_operators_typed_by_a_person_are_searched_as_words(index):
    assert query_terms('zoom AND "youtube') == ["zoom", "youtube"]
    assert fts_query(["zoom", "youtube"]) == '"zoom"* AND "youtube"*'


def test_stopwords_are_dropped_unless_nothing_else_is_left():
    assert query_terms("invite the author") == ["invite", "author"]
    assert query_terms("the") == ["the"]


def test_snippets_escape_the_doc_text():
    doc, _ = parse_doc(doc_text("x", body="Use <b>zoom</b> & friends\n"), "x.md")
    snippet = build_index([doc]).search("friends")[0].snippet
    assert "&amp;" in snippet and "<b>" not in snippet


def test_an_index_written_to_a_file_can_be_reopened_and_rebuilt(tmp_path):
    from opsdesk.docs.search import SearchIndex

    docs = [parse_doc(text, path)[0] for path, text in CORPUS.items()]
    path = tmp_path / "search" / "docs.sqlite3"
    build_index(docs[:2], path).close()
    build_index(docs, path).close()  # a rebuild replaces the file
    reopened = SearchIndex.open(path)
    assert len(reopened) == len(docs)
    assert reopened.search("mailchimp")[0].id == "sop.newsletter.schedule-newsletter"
    reopened.close()
    assert list(path.parent.iterdir()) == [path]
