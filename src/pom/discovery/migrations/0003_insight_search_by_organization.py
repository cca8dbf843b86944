"""Insight search, scoped inside the index: the SQLite FTS5 table gets an ``org`` column holding a
token per organization, so one MATCH finds an organization's insights without reading other rows,
and results come newest first straight from the index. PostgreSQL is unchanged (its GIN index is
combined with the organization filter by the planner).
"""

from django.db import migrations

COLUMNS = "text, tags, customer, company, source, org"
VALUES_NEW = "new.id, new.text, new.tags, new.customer, new.company, new.source, 'o' || new.organization_id"
VALUES_OLD = "old.id, old.text, old.tags, old.customer, old.company, old.source, 'o' || old.organization_id"

DROP = [
    "DROP TRIGGER IF EXISTS discovery_insight_fts_insert",
    "DROP TRIGGER IF EXISTS discovery_insight_fts_delete",
    "DROP TRIGGER IF EXISTS discovery_insight_fts_update",
    "DROP TABLE IF EXISTS discovery_insight_fts",
]
CREATE = [
    # Not external-content: the org token is not a column of discovery_insight, so the index keeps
    # its own copy of the searchable text.
    f"CREATE VIRTUAL TABLE discovery_insight_fts USING fts5({COLUMNS}, tokenize='unicode61')",
    f"""CREATE TRIGGER discovery_insight_fts_insert AFTER INSERT ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(rowid, {COLUMNS}) VALUES ({VALUES_NEW});
    END""",
    """CREATE TRIGGER discovery_insight_fts_delete AFTER DELETE ON discovery_insight BEGIN
        DELETE FROM discovery_insight_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER discovery_insight_fts_update AFTER UPDATE ON discovery_insight BEGIN
        DELETE FROM discovery_insight_fts WHERE rowid = old.id;
        INSERT INTO discovery_insight_fts(rowid, {COLUMNS}) VALUES ({VALUES_NEW});
    END""",
    f"""INSERT INTO discovery_insight_fts(rowid, {COLUMNS})
        SELECT id, text, tags, customer, company, source, 'o' || organization_id FROM discovery_insight""",
]
OLD_COLUMNS = "text, tags, customer, company, source"
CREATE_OLD = [
    f"CREATE VIRTUAL TABLE discovery_insight_fts USING fts5({OLD_COLUMNS}, content='discovery_insight', content_rowid='id', tokenize='unicode61')",
    f"""CREATE TRIGGER discovery_insight_fts_insert AFTER INSERT ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(rowid, {OLD_COLUMNS})
        VALUES (new.id, new.text, new.tags, new.customer, new.company, new.source);
    END""",
    f"""CREATE TRIGGER discovery_insight_fts_delete AFTER DELETE ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(discovery_insight_fts, rowid, {OLD_COLUMNS})
        VALUES ('delete', old.id, old.text, old.tags, old.customer, old.company, old.source);
    END""",
    f"""CREATE TRIGGER discovery_insight_fts_update AFTER UPDATE ON discovery_insight BEGIN
        INSERT INTO discovery_insight_fts(discovery_insight_fts, rowid, {OLD_COLUMNS})
        VALUES ('delete', old.id, old.text, old.tags, old.customer, old.company, old.source);
        INSERT INTO discovery_insight_fts(rowid, {OLD_COLUMNS})
        VALUES (new.id, new.text, new.tags, new.customer, new.company, new.source);
    END""",
    "INSERT INTO discovery_insight_fts(discovery_insight_fts) VALUES ('rebuild')",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP + CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP + CREATE_OLD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("discovery", "0002_insight_search")]

    operations = [migrations.RunPython(forward, backward)]
