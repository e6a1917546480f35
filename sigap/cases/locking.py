"""The statement every task transition starts with: the organization's task and its case, locked.

It is the same `SELECT … FOR UPDATE OF task, case` Django builds from
`Task.objects.select_for_update(of=("self", "case")).select_related("case")
.filter(pk=…, organization=…)`, but compiled once per database and then run with each
step's two values: compiling the join's forty columns was the largest share of a
step's CPU (bench/profile_step.py). The organization is in the statement's own
filter, so the compiled text carries no scope of the request that first built it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import connections, router

from sigap.orgs.tenancy import unscoped

from .models import Case, Task

_BIGINT_MIN, _BIGINT_MAX = -(2**63), 2**63 - 1
# Stand-ins for the two values while compiling: no row has these ids.
_TASK_ID, _ORGANIZATION_ID = -(2**62) + 1, -(2**62) + 2


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    task: tuple[slice, list[str]]
    case: tuple[slice, list[str]]
    converters: tuple


@lru_cache(maxsize=8)
def _plan(alias: str) -> _Plan:
    """The lock compiled for one database (inside a transaction: Django refuses FOR UPDATE outside one)."""
    with unscoped():  # the statement filters by the organization itself
        query = (
            Task.objects.select_for_update(of=("self", "case"))
            .select_related("case")
            .filter(pk=_TASK_ID, organization_id=_ORGANIZATION_ID)
            .order_by()
            .query
        )
    compiler = query.get_compiler(alias)
    sql, params = compiler.as_sql()
    assert list(params).count(_TASK_ID) == 1 and list(params).count(_ORGANIZATION_ID) == 1, params
    select, info = compiler.select, compiler.klass_info
    assert info is not None and len(info["related_klass_infos"]) == 1

    def columns(klass_info) -> tuple[slice, list[str]]:
        indexes = klass_info["select_fields"]
        assert indexes == list(range(indexes[0], indexes[-1] + 1))  # contiguous, in the model's field order
        return slice(indexes[0], indexes[-1] + 1), [select[i][0].target.attname for i in indexes]

    fields = [s[0] for s in select[0 : compiler.col_count]]
    converters = tuple(
        (pos, tuple(convs), expression) for pos, (convs, expression) in compiler.get_converters(fields).items()
    )
    return _Plan(sql, tuple(params), columns(info), columns(info["related_klass_infos"][0]), converters)


def locked_task(organization_id: int, task_id: int) -> Task | None:
    """The organization's task with its case (`task.case`), both locked; None if there is no such task.

    An id no bigint column can hold (a URL's `<int:…>` takes any number) is no task, as the ORM's own
    lookups answer it; the compiled statement would otherwise hand it to the driver, which refuses it."""
    if not _BIGINT_MIN <= task_id <= _BIGINT_MAX:
        return None
    alias = router.db_for_write(Task)
    plan = _plan(alias)
    values = {_TASK_ID: task_id, _ORGANIZATION_ID: organization_id}
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(plan.sql, [values.get(p, p) if isinstance(p, int) else p for p in plan.params])
        found = cursor.fetchone()
    if found is None:
        return None
    row = list(found)
    for pos, convs, expression in plan.converters:
        for convert in convs:
            row[pos] = convert(row[pos], expression, connection)
    (task_cols, task_fields), (case_cols, case_fields) = plan.task, plan.case
    task = Task.from_db(alias, task_fields, row[task_cols])
    Task.case.field.set_cached_value(task, Case.from_db(alias, case_fields, row[case_cols]))
    return task
