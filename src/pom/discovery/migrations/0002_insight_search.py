"""Full-text search over insights: a generated tsvector with a GIN index on PostgreSQL, an FTS5
table kept in sync by triggers on SQLite.

Both index the same columns with the same tokenizing idea (words, no stemming, case-insensitive),
so a search finds the same insights on either database. The text of an insight itself stays in
``discovery_insight``: FTS5 uses it as external content.
"""

from django.db import migrations

COLUMNS = "text, tags, customer, company, source"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE discovery_insight_fts USING fts5({COLUMNS}, content='discovery_insight', content_rowid='id', tokenize='unicode61')",
    f"""CREATE TRIGGER discovery_insight_fts_insert AFTER INSERT ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(rowid, {COLUMNS})
        VALUES (new.id, new.text, new.tags, new.customer, new.company, new.source);
    END""",
    f"""CREATE TRIGGER discovery_insight_fts_delete AFTER DELETE ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(discovery_insight_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.text, old.tags, old.customer, old.company, old.source);
    END""",
    f"""CREATE TRIGGER discovery_insight_fts_update AFTER UPDATE ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(discovery_insight_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.text, old.tags, old.customer, old.company, old.source);
        INSERT INTO discovery_insight_fts(rowid, {COLUMNS})
        VALUES (new.id, new.text, new.tags, new.customer, new.company, new.source);
    END""",
    "INSERT INTO discovery_insight_fts(discovery_insight_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS discovery_insight_fts_insert",
    "DROP TRIGGER IF EXISTS discovery_insight_fts_delete",
    "DROP TRIGGER IF EXISTS discovery_insight_fts_update",
    "DROP TABLE IF EXISTS discovery_insight_fts",
]

POSTGRES_FORWARD = [
    """ALTER TABLE discovery_insight ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig,
            coalesce(text, '') || ' ' || replace(coalesce(tags, ''), ',', ' ') || ' ' ||
            coalesce(customer, '') || ' ' || coalesce(company, '') || ' ' || coalesce(source, ''))
    ) STORED""",
    "CREATE INDEX discovery_insight_search ON discovery_insight USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS discovery_insight_search",
    "ALTER TABLE discovery_insight DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("discovery", "0001_touchpoints_insights_tree_inputs_decisions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
