"""Rows of the synthetic history in COPY column order, and the bulk chores around COPY.

The builders return plain tuples (positional, defaults for what most rows leave
empty): the generator writes millions of them, so no dicts or model instances.
"""

from __future__ import annotations

import datetime

CASE_COLUMNS = (
    "id",
    "organization_id",
    "sop_id",
    "version_id",
    "code",
    "status",
    "applicant_name",
    "nik_encrypted",
    "nik_hash",
    "nik_masked",
    "phone_encrypted",
    "address_encrypted",
    "requirements",
    "current_step",
    "result",
    "outcome",
    "opened_at",
    "opened_by_id",
    "expected_at",
    "closed_at",
)
TASK_COLUMNS = (
    "id",
    "case_id",
    "sop_id",
    "organization_id",
    "step_number",
    "lane_code",
    "kind",
    "state",
    "purpose",
    "assignee_id",
    "started_at",
    "due_target",
    "due_limit",
    "completed_at",
    "completed_by_id",
    "decision",
    "note",
    "overdue_at",
    "escalated_at",
)
EVENT_COLUMNS = (
    "id",
    "case_id",
    "task_id",
    "at",
    "actor_id",
    "kind",
    "step_number",
    "lane_code",
    "decision",
    "note",
    "data",
)
TABLES = (("cases_case", CASE_COLUMNS), ("cases_task", TASK_COLUMNS), ("cases_caseevent", EVENT_COLUMNS))


def ts(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def event_row(event_id, case_id, task_id, at, actor, kind, step, *, decision=None, note="", data="{}") -> tuple:
    """`step` is the StepPlan the event is about (its number and lane)."""
    return (event_id, case_id, task_id, at, actor, kind, step.number, step.lane_code, decision, note, data)


def task_row(
    task_id,
    case_id,
    sop_id,
    step,
    *,
    kind,
    state,
    started,
    purpose="",
    organization_id=None,
    assignee=None,
    target=None,
    limit=None,
    completed_at=None,
    completed_by=None,
    decision=None,
    note="",
    overdue=None,
) -> tuple:
    """`step` is the StepPlan; its organization unless `organization_id` says otherwise; `overdue` fills
    overdue_at and escalated_at alike, as the sweep does."""
    return (
        task_id,
        case_id,
        sop_id,
        step.organization_id if organization_id is None else organization_id,
        step.number,
        step.lane_code,
        kind,
        state,
        purpose,
        assignee,
        started,
        target,
        limit,
        completed_at,
        completed_by,
        decision,
        note,
        overdue,
        overdue,
    )


def copy_rows(conn, rows):
    """COPY (cases, tasks, events) into their tables on `conn` (not committed)."""
    with conn.cursor() as cursor:
        for (table, columns), data in zip(TABLES, rows):
            if not data:
                continue
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)


def set_sequences(conn):
    for table, _cols in TABLES:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
        )


def next_ids(conn) -> dict[str, int]:
    """The first free id of each loaded table (rows the ORM added since count too)."""
    return {
        table: conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0] for table, _cols in TABLES
    }


def drop_secondary_indexes(conn) -> list[str]:
    """Drop the indexes of the loaded tables that no constraint owns; returns their definitions."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i"
        " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [[table for table, _cols in TABLES]],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def check_references(conn):
    """Every foreign key of the loaded tables points at an existing row (checked once, in bulk)."""
    keys = conn.execute(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname FROM pg_constraint c"
        " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
        " JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]"
        " WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
        [[table for table, _cols in TABLES]],
    ).fetchall()
    for table, column, target, target_column in keys:
        dangling = conn.execute(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL'
            f' AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
        ).fetchone()[0]
        if dangling:
            raise RuntimeError(f"{dangling} rows of {table}.{column} point at no {target} row")
