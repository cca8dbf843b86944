"""Fresh statistics for the database's query planner.

SQLite plans without statistics until ``ANALYZE`` has run, and then it guesses that an equality
on an indexed column narrows to about ten rows: ``organization_id = ?`` looks as selective as a
primary key, so for "the releases under this outcome" it reads every release of the organization
instead of walking down from the outcome through its indexes. ``refresh_statistics`` runs
``ANALYZE`` with SQLite's ``analysis_limit`` (each index is sampled, so a large database takes
well under a second). ``pom serve`` runs it at start, and the seeders (``pom seed``, ``pom demo``)
after each pillar.

PostgreSQL's autovacuum keeps its statistics itself, but it cannot see rows a transaction has not
committed yet: the seeders run in one, so they ``ANALYZE`` as they go.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

ANALYSIS_LIMIT = 1000  # rows sampled per index (SQLite's advice: 100–1000)


def refresh_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
