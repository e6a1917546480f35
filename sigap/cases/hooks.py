"""Extension point of the case engine: other apps act when a step is completed.

An app registers a function in its AppConfig.ready(); the engine calls every
registered function inside the transaction of the completion, so what they
write commits or rolls back with the step (letters make the next step's draft here).
A hook refuses the completion by raising CaseError. Guards registered with
on_correction likewise may refuse a correction of the applicant's data.

Work too slow to do while the task is locked (letters: rendering and signing a
PDF) is prepared with on_step_preparing: the engine calls it in a short
transaction of its own, with the task locked, before the completion. What it
writes there commits on its own (letters: the letter's number); the `StepWork`
it returns is run outside any transaction, then committed inside the completion's
transaction, or discarded when the completion does not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class StepWork(Protocol):
    """Slow work a step's completion waits for, done outside any lock."""

    def run(self) -> None:
        """Outside any transaction; raise CaseError to leave the step open (recording why is the work's own)."""

    def commit(self) -> None:
        """Inside the completion's transaction, after the task's own change; raise CaseError to refuse."""

    def discard(self) -> None:
        """The completion did not happen: undo what `run` left outside the database (files)."""


_step_preparing: list[Callable] = []


def on_step_preparing(func: Callable) -> Callable:
    if func not in _step_preparing:
        _step_preparing.append(func)
    return func


def step_preparing(**context) -> list[StepWork]:
    """Called with task, step, case, user, now, inside a short transaction with the task and case locked;
    the work each function returns (usually none) is run before the completion."""
    return [work for func in _step_preparing for work in func(**context)]


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
