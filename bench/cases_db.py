"""Database chores of the case-engine benchmark: connection strings, statistics, the floors' tables."""

from __future__ import annotations

import re
from urllib.parse import urlparse

BIG_TABLES = ("cases_task", "cases_case", "cases_caseevent")


def conninfo(url: str) -> str:
    parts = urlparse(url)
    fields = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "dbname": parts.path.lstrip("/"),
    }
    if parts.password:
        fields["password"] = parts.password
    return " ".join(f"{k}={v}" for k, v in fields.items())


def redacted(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]+@", r"//\1:***@", url)


def create_floor_tables(url: str, clients: int) -> list[int]:
    """The bare floor's tables (raw SQL) and the authenticated floor's (bench.models, through the ORM).

    Returns the id of each client's own FloorTask row, the row its floor requests lock."""
    import psycopg
    from django.db import connection

    from bench.models import FloorEvent, FloorTask

    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_counter, bench_event")
        conn.execute("CREATE TABLE bench_counter (id integer PRIMARY KEY, n bigint NOT NULL DEFAULT 0)")
        conn.execute(
            "CREATE TABLE bench_event (id bigserial PRIMARY KEY, client integer NOT NULL, "
            "at timestamptz NOT NULL, note text NOT NULL)"
        )
        conn.execute("INSERT INTO bench_counter (id) SELECT generate_series(0, %s)", [clients])
        conn.execute(f"DROP TABLE IF EXISTS {FloorEvent._meta.db_table}, {FloorTask._meta.db_table}")
    with connection.schema_editor() as editor:
        editor.create_model(FloorTask)
        editor.create_model(FloorEvent)
    rows = FloorTask.objects.bulk_create([FloorTask(client=i, state="terbuka") for i in range(clients)])
    return [row.pk for row in rows]


def vacuum_analyze(url: str):
    import psycopg

    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for table in BIG_TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("CHECKPOINT")


def analyze(url: str):
    import psycopg

    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        for table in BIG_TABLES:
            conn.execute(f"ANALYZE {table}")


def table_stats(url: str) -> dict:
    import psycopg

    stats = {}
    with psycopg.connect(conninfo(url)) as conn:
        for table in BIG_TABLES:
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            size = conn.execute("SELECT pg_total_relation_size(%s)", [table]).fetchone()[0]
            stats[table] = {"rows": rows, "size_mb": round(size / 2**20, 1)}
        active = conn.execute("SELECT count(*) FROM cases_task WHERE state IN ('terbuka', 'diambil')").fetchone()[0]
        stats["cases_task"]["active"] = active
    return stats
