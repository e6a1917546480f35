"""Extension point of the case engine: other apps act when a step is completed.

An app registers a function in its AppConfig.ready(); the engine calls every
registered function inside the transaction of the completion, so what they
write commits or rolls back with the step (letters number and sign here).
A hook refuses the completion by raising CaseError. Guards registered with
on_correction likewise may refuse a correction of the applicant's data.
"""

from __future__ import annotations

from collections.abc import Callable

_step_completed: list[Callable] = []


def on_step_completed(func: Callable) -> Callable:
    if func not in _step_completed:
        _step_completed.append(func)
    return func


def step_completed(**context) -> None:
    """Called with task, step, case, next_task, user, decision, now."""
    for func in _step_completed:
        func(**context)


_correction_guards: list[Callable] = []


def on_correction(func: Callable) -> Callable:
    """Register a guard of corrections of the applicant's data; it may refuse one by raising CaseError."""
    if func not in _correction_guards:
        _correction_guards.append(func)
    return func


def correction_proposed(**context) -> None:
    """Called with case (locked, not yet saved), fields (the names of the fields that change), user, now."""
    for func in _correction_guards:
        func(**context)
