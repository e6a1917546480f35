"""Run by tests/project/test_faults.py in processes of their own, against a private PostgreSQL cluster.

`setup`: schema, shipped SOPs and letter templates, staff, demo signing keys.
`load STOPFILE SECONDS`: DTKS cases worked from the counter to the signed letter, one after another, until
STOPFILE exists or SECONDS pass; prints `ok <case> <steps>` after each committed step and `error <type>` when
the database is gone, then goes on with a new case (as a user would try again).
`check`: the invariants, as JSON: done tasks without their event, letter numbers without their letter, signed
letters without their file, files without their row."""

import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, InterfaceError, OperationalError, connections  # noqa: E402

from sigap.orgs.tenancy import unscoped  # noqa: E402
from tests.factories import make_staff, open_case, run  # noqa: E402

STAFF = {"loket": "staf-linjamsos", "kadis": "kadis"}


def setup() -> None:
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("sop_import", str(settings.SIGAP_SOP_DIR), stdout=quiet)
    call_command("letters_load", str(settings.BASE_DIR / "surat"), stdout=quiet)
    call_command("letters_demo_cert", stdout=quiet)
    with unscoped():
        for role, position in STAFF.items():
            make_staff("magetan", position, f"fault-{role}")


def load(stop: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    staff = {role: get_user_model().objects.get(username=f"fault-{role}") for role in STAFF}
    while time.monotonic() < deadline and not stop.exists():
        try:
            with unscoped():
                case = open_case(staff, "surat-keterangan-terdaftar-dtks")
                say(f"ok {case.code} 0")
                for number, (role, decision) in enumerate(((("loket", True)), ("loket", None), ("kadis", None)), 1):
                    run(case, staff[role], decision=decision)
                    say(f"ok {case.code} {number}")
        except (OperationalError, InterfaceError, DatabaseError) as exc:
            say(f"error {type(exc).__name__}")
            connections.close_all()
            time.sleep(0.1)  # the database is restarting; bounded by the deadline


def say(line: str) -> None:
    print(line, flush=True)


def check() -> None:

    from sigap.cases.models import CaseEvent, Task
    from sigap.letters.models import Letter, LetterSequence
    from sigap.orgs.backup import _snapshot

    finished = (CaseEvent.Kind.COMPLETED, CaseEvent.Kind.RECORDED, CaseEvent.Kind.RECORDED_APPLICANT)
    with unscoped():
        done = Task.objects.filter(state=Task.State.DONE)
        gaps = []
        for sequence in LetterSequence.objects.all():
            numbers = sorted(
                Letter.objects.filter(
                    organization=sequence.organization_id,
                    classification=sequence.classification,
                    year=sequence.year,
                    sequence__isnull=False,
                ).values_list("sequence", flat=True)
            )
            if numbers != list(range(1, sequence.last_number + 1)):
                gaps.append([sequence.classification, sequence.last_number, numbers[-5:]])
        broken = []
        # A signed letter has its file; a numbered one whose signing was cut short waits for the next completion.
        for letter in Letter.objects.filter(status__in=(Letter.Status.VALID, Letter.Status.REVOKED)):
            storage = letter.pdf.storage  # decrypts (files are encrypted at rest)
            ok = bool(letter.pdf) and storage.exists(letter.pdf.name)
            if ok:
                with storage.open(letter.pdf.name, "rb") as handle:
                    ok = hashlib.sha256(handle.read()).hexdigest() == letter.sha256
            if not ok:
                broken.append(letter.code)
        _counts, named = _snapshot()
        root = Path(settings.MEDIA_ROOT)
        stored = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "health" not in p.parts}
        steps = dict(
            Task.objects.filter(state=Task.State.DONE)
            .values_list("case__code")
            .annotate(n=django.db.models.Count("pk"))
            .values_list("case__code", "n")
        )
        print(
            json.dumps(
                {
                    "done_without_event": done.exclude(events__kind__in=finished).count(),
                    "numbers_without_letter": gaps,
                    "letters_without_file": broken,
                    "files_without_row": sorted(stored - named),
                    "done_steps": steps,
                    "signed": Letter.objects.filter(status=Letter.Status.VALID).count(),
                }
            )
        )


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "setup":
        setup()
    elif mode == "load":
        load(Path(sys.argv[2]), float(sys.argv[3]))
    else:
        check()
