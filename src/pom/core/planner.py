"""Fresh statistics for the database's query planner.

SQLite plans without statistics until ``ANALYZE`` has run, and then it guesses that an equality
on an indexed column narrows to about ten rows: ``organization_id = ?`` looks as selective as a
primary key, so for "the releases under this outcome" it reads every release of the organization
instead of walking down from the outcome through its indexes. ``refresh_statistics`` runs a
full ``ANALYZE``: a sampled one (``analysis_limit``) reads the first rows of each index, which in a
one-organization database all belong to that organization, so it still takes ``organization_id
= ?`` for a narrow filter (the rollup's read of a quarter then read all 350,000 rows at 1,000
teams). A full one takes about 15 s on a cold 2 GB database, under a second on the demo's.
``pom serve`` runs it at start, and the seeders (``pom seed``, ``pom demo``) after each pillar.

PostgreSQL's autovacuum keeps its statistics itself, but it cannot see rows a transaction has not
committed yet: the seeders run in one, so they ``ANALYZE`` as they go.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=0")  # every row, not a sample (above)
        cursor.execute("ANALYZE")
