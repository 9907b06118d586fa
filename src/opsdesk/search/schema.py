"""The full-text indexes runs, tasks, link slots and gaps are searched by, per database.

SQLite: an FTS5 table per source over the source table itself (external content), kept in step
by triggers, so a row is searchable in the transaction that writes it. PostgreSQL: a stored
tsvector column of the same columns (`search_vector`, outside the Django model), kept by a trigger
that runs only when a searched column is written, with a GIN index: ranking reads the stored
vector instead of parsing the text of every matching row. On both, writes that touch no searched
column leave the index alone. `ensure` is idempotent: it runs in the
migrations and after every migrate, because SQLite drops a table's triggers when Django rebuilds
the table to alter it.

PostgreSQL also keeps a vocabulary: every word any stored vector holds, added by triggers in the
transaction that writes the row (words are never taken out: one no row holds any more costs a
search nothing). A prefix word of a query becomes the few whole words it starts (see
backends._postgres_query): the GIN index finds a prefix by reading every posting of every word
it starts into a bitmap, and whole words by skipping through the postings of the rarest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    table: str
    columns: tuple[str, ...]
    json_columns: tuple[str, ...] = ()
    owner: str | None = None  # the column naming the row a match is shown as (a slot's run)
    vector_column = "search_vector"

    @property
    def fts(self) -> str:
        return f"search_{self.name}_fts"

    def text_sql(self, prefix: str = "") -> str:
        """All searched columns as one text (PostgreSQL): the indexed expression."""
        parts = [
            f"coalesce({prefix}{c}::text, '')"
            if c in self.json_columns
            else f"coalesce({prefix}{c}, '')"
            for c in self.columns
        ]
        return " || ' ' || ".join(parts)

    def words_sql(self, prefix: str = "") -> str:
        """The text with punctuation as spaces: PostgreSQL's parser keeps a URL or an e-mail
        address as one token, so "zorblat" would not find github.com/zorblat otherwise."""
        return f"regexp_replace({self.text_sql(prefix)}, '[[:punct:][:space:]]+', ' ', 'g')"

    def vector_sql(self, prefix: str = "") -> str:
        return f"to_tsvector('simple'::regconfig, {self.words_sql(prefix)})"


SOURCES = {
    "runs": Source("runs", "runs_run", ("title", "variables", "tags"), ("variables", "tags")),
    "links": Source("links", "runs_linkslot", ("name", "url"), owner="run_id"),
    "tasks": Source(
        "tasks",
        "runs_task",
        (
            "description",
            "comment",
            "waiting_for",
            "waiting_note",
            "external_status",
            "link",
            "skip_reason",
        ),
    ),
    "followups": Source("followups", "runs_followup", ("channel", "note"), owner="task_id"),
    "gaps": Source("gaps", "gaps_processgap", ("description", "resolution", "doc_id", "step_id")),
}


def _sqlite_statements(source: Source) -> list[str]:
    cols = ", ".join(source.columns)
    new = ", ".join(f"new.{c}" for c in source.columns)
    old = ", ".join(f"old.{c}" for c in source.columns)
    fts = source.fts
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{source.table}',"
        " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {source.table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {source.table} BEGIN {delete} END",
        # Only a write to a searched column re-indexes the row: completing a task or moving its
        # date rewrote its index entry for nothing. The first version fired on every update.
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au_of AFTER UPDATE OF {cols} ON {source.table}"
        f" BEGIN {delete} {insert} END",
    ]


def _postgres_statements(source: Source) -> list[str]:
    table, column, name = source.table, source.vector_column, f"search_{source.name}_vector"
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} tsvector",
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN NEW.{column} := {source.vector_sql('NEW.')}; RETURN NEW; END $$",
        f"CREATE OR REPLACE TRIGGER {name} BEFORE INSERT OR UPDATE OF {', '.join(source.columns)}"
        f" ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        f"UPDATE {table} SET {column} = {source.vector_sql()} WHERE {column} IS NULL",
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN ({column})",
        # The first version indexed the expression itself and parsed the text again to rank.
        f"DROP INDEX IF EXISTS {source.fts}",
    ]


VOCABULARY = "search_vocabulary"
ADD_WORDS = "search_vocabulary_add"
ADD_ROW_WORDS = "search_vocabulary_add_row"


def _vocabulary_statements() -> list[str]:
    # "C" collation: the words a prefix starts are then one run of the primary key's order.
    # Words go in sorted, so two transactions adding the same new words lock them in one order.
    words = "SELECT DISTINCT w FROM {rows}, unnest(tsvector_to_array({vector})) w ORDER BY w"
    insert = f"INSERT INTO {VOCABULARY} (word) {words} ON CONFLICT DO NOTHING"
    return [
        f'CREATE TABLE IF NOT EXISTS {VOCABULARY} (word text COLLATE "C" PRIMARY KEY)',
        f"CREATE OR REPLACE FUNCTION {ADD_WORDS}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" {insert.format(rows='added', vector='added.search_vector')}; RETURN NULL; END $$",
        f"CREATE OR REPLACE FUNCTION {ADD_ROW_WORDS}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {insert.format(rows='(SELECT NEW.search_vector AS v) n', vector='n.v')};"
        " RETURN NULL; END $$",
    ]


def _words_trigger(source: Source, when: str) -> str:
    return f"search_{source.name}_words_{when}"


def _vocabulary_triggers(source: Source) -> list[str]:
    """Words of inserted rows, one statement at a time (a run's tasks are one insert); words of
    a row whose searched text changed, only then."""
    table = source.table
    return [
        f"CREATE OR REPLACE TRIGGER {_words_trigger(source, 'added')} AFTER INSERT ON {table}"
        f" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {ADD_WORDS}()",
        f"CREATE OR REPLACE TRIGGER {_words_trigger(source, 'changed')}"
        f" AFTER UPDATE OF {', '.join(source.columns)}"
        f" ON {table} FOR EACH ROW"
        f" WHEN (NEW.{source.vector_column} IS DISTINCT FROM OLD.{source.vector_column})"
        f" EXECUTE FUNCTION {ADD_ROW_WORDS}()",
    ]


def _vocabulary_backfill() -> str:
    """Every word the stored vectors hold: once, when the vocabulary is new."""
    vectors = " UNION ALL ".join(
        f"SELECT {s.vector_column} AS v FROM {s.table}" for s in SOURCES.values()
    )
    return (
        f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT unnest(tsvector_to_array(v))"
        f" FROM ({vectors}) vectors ON CONFLICT DO NOTHING"
    )


def _ensure_postgresql(cursor) -> None:
    for source in SOURCES.values():
        for statement in _postgres_statements(source):
            cursor.execute(statement)
    cursor.execute("SELECT to_regclass(%s) IS NULL", [VOCABULARY])
    new_vocabulary = cursor.fetchone()[0]
    for statement in _vocabulary_statements():
        cursor.execute(statement)
    for source in SOURCES.values():
        for statement in _vocabulary_triggers(source):
            cursor.execute(statement)
    if new_vocabulary:
        cursor.execute(_vocabulary_backfill())


def _sqlite_triggers_missing(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'"
    )
    return cursor.fetchone()[0] < 3 * len(SOURCES)


def ensure(connection) -> None:
    """Create what is missing; on SQLite, re-read every row when triggers had to be restored."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            rebuild = _sqlite_triggers_missing(cursor)
            for source in SOURCES.values():
                for statement in _sqlite_statements(source):
                    cursor.execute(statement)
            if rebuild:
                for source in SOURCES.values():
                    cursor.execute(f"INSERT INTO {source.fts}({source.fts}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            _ensure_postgresql(cursor)


def drop_vocabulary(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            for when in ("added", "changed"):
                trigger = _words_trigger(source, when)
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {source.table}")
        cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")
        for function in (ADD_WORDS, ADD_ROW_WORDS):
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def drop(connection) -> None:
    drop_vocabulary(connection)
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            if connection.vendor == "sqlite":
                for suffix in ("ai", "ad", "au", "au_of"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {source.fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {source.fts}")
            elif connection.vendor == "postgresql":
                name = f"search_{source.name}_vector"
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {source.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                cursor.execute(f"DROP INDEX IF EXISTS {source.fts}")
                cursor.execute(
                    f"ALTER TABLE {source.table} DROP COLUMN IF EXISTS {source.vector_column}"
                )
