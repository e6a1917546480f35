"""Letters signed at the same moment (PostgreSQL): distinct, consecutive numbers with no gaps, also when some
signatures fail and are signed again; rendering holds no lock; a double click completes once."""

import threading
from pathlib import Path

import pytest
from django.conf import settings

from sigap.cases.models import CaseEvent
from sigap.cases.services import CaseError
from sigap.letters import issuing
from sigap.letters.models import Letter, LetterSequence
from tests.cases.test_concurrency import pytestmark  # noqa: F401 - skip marker for SQLite
from tests.factories import THREADS, dtks_to_signing, open_case, run, run_in_parallel, step_now


def _signing_tasks(staff, count):
    tasks = []
    for _ in range(count):
        case = open_case(staff, "surat-keterangan-terdaftar-dtks")
        run(case, staff["loket"], decision=True)
        run(case, staff["loket"])
        tasks.append(step_now(case))
    return tasks


def _complete(task, user):
    from sigap.cases import services

    return services.task_complete(organization=task.organization, task_id=task.pk, user=user)


def _pdf_files() -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / "surat").rglob("*.pdf"))


@pytest.mark.django_db(transaction=True)
def test_sixteen_parallel_signings_get_consecutive_numbers(magetan_staff):
    tasks = _signing_tasks(magetan_staff, THREADS)
    outcomes = run_in_parallel(lambda i: _complete(tasks[i], magetan_staff["kabid"]))
    assert all(o[0] == "ok" for o in outcomes), outcomes
    letters = Letter.objects.filter(status="sah")
    assert sorted(letters.values_list("sequence", flat=True)) == list(range(1, THREADS + 1))
    assert len(set(letters.values_list("number", flat=True))) == THREADS
    assert LetterSequence.objects.get().last_number == THREADS


@pytest.mark.django_db(transaction=True)
def test_failed_signatures_keep_their_numbers_and_are_signed_again_without_gaps(magetan_staff, monkeypatch):
    tasks = _signing_tasks(magetan_staff, THREADS)
    failing = threading.local()
    real = issuing.sign_pdf

    def sign(pdf, **kwargs):
        if getattr(failing, "on", False):
            raise RuntimeError("injected failure")
        return real(pdf, **kwargs)

    monkeypatch.setattr(issuing, "sign_pdf", sign)

    def attempt(i):
        failing.on = i % 2 == 1
        return _complete(tasks[i], magetan_staff["kabid"])

    outcomes = run_in_parallel(attempt)
    assert [o[0] for o in outcomes] == ["ok", "error"] * (THREADS // 2), outcomes
    assert all(isinstance(o[1], CaseError) for o in outcomes[1::2])
    letters = Letter.objects.filter(case__in=[t.case_id for t in tasks])
    assert sorted(letters.values_list("sequence", flat=True)) == list(range(1, THREADS + 1))
    assert letters.filter(status=Letter.Status.FAILED).count() == THREADS // 2
    assert all(step_now(t.case).step_number == 5 for t in tasks[1::2])  # their steps stay open
    retried = tasks[1::2]
    outcomes = run_in_parallel(lambda i: _complete(retried[i], magetan_staff["kabid"]), threads=len(retried))
    assert all(o[0] == "ok" for o in outcomes), outcomes
    assert sorted(letters.filter(status="sah").values_list("sequence", flat=True)) == list(range(1, THREADS + 1))
    assert LetterSequence.objects.get().last_number == THREADS
    assert len(_pdf_files()) == THREADS


@pytest.mark.django_db(transaction=True)
def test_a_letter_being_rendered_holds_no_lock_another_signing_waits_on(magetan_staff, monkeypatch):
    """While one signing renders its PDF, another takes the next number and finishes: the first is numbered
    and rendered outside the number's lock (it waits here until the second is done)."""
    first, second = _signing_tasks(magetan_staff, 2)
    rendering, second_done = threading.Event(), threading.Event()
    real = issuing.signed_pdf

    def render(letter):
        if letter.case_id == first.case_id:
            rendering.set()
            second_done.wait(timeout=20)
        return real(letter)

    monkeypatch.setattr(issuing, "signed_pdf", render)
    order, errors = [], []

    def sign(task, name):
        try:
            _complete(task, magetan_staff["kabid"])
            order.append(name)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            from django.db import connections

            connections.close_all()

    thread = threading.Thread(target=sign, args=(first, "first"))
    thread.start()
    assert rendering.wait(timeout=20)
    waiting = threading.Thread(target=sign, args=(second, "second"))
    waiting.start()
    waiting.join(timeout=15)
    second_done.set()
    thread.join()
    waiting.join()
    assert not errors and order == ["second", "first"]
    assert (
        Letter.objects.get(case=first.case_id).sequence == 1 and Letter.objects.get(case=second.case_id).sequence == 2
    )


@pytest.mark.django_db(transaction=True)
def test_sixteen_clicks_on_the_signing_button_complete_once_and_leave_one_file(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    task = step_now(case)
    outcomes = run_in_parallel(lambda i: _complete(task, magetan_staff["kadis"]))
    assert [o[0] for o in outcomes].count("ok") == 1, outcomes
    assert all(isinstance(o[1], CaseError) for o in outcomes if o[0] == "error")
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.VALID and letter.sequence == 1
    assert LetterSequence.objects.get().last_number == 1
    assert [path.name for path in _pdf_files()] == [Path(letter.pdf.name).name]
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPLETED, step_number=5).count() == 1
