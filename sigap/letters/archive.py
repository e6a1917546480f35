"""The case file as one ZIP for the office's records: uploads, letters, history and an index.

The history shows what the case page shows of each event (corrections with before and after, through the
same `corrections` filter), and the index lists the SHA-256 of every other file it names."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sigap.cases.models import Case
from sigap.sop.selectors import version_lanes

from .models import Letter


def case_archive(case: Case) -> tempfile.SpooledTemporaryFile:
    """The archive is the office's record: written in its language whatever the language of who downloads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _case_archive(case)


def _case_archive(case: Case) -> tempfile.SpooledTemporaryFile:
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    entries = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, attachment in enumerate(case.attachments.order_by("pk"), start=1):
            name = f"berkas/{index:02d}-{attachment.file.name.rsplit('/', 1)[-1]}"
            with attachment.file.open("rb") as handle:
                archive.writestr(name, handle.read())
            entries.append((name, attachment.requirement or attachment.original_name, attachment.sha256))
        for letter in case.letters.filter(sequence__isnull=False).order_by("signed_at"):
            if letter.pdf:
                name = f"surat/{letter.number.replace('/', '-')}.pdf"
                with letter.pdf.open("rb") as handle:
                    archive.writestr(name, handle.read())
                entries.append((name, f"{letter.kind} ({letter.get_status_display()})", letter.sha256))
        history = _history(case).encode()
        archive.writestr("riwayat.html", history)
        entries.append(("riwayat.html", "Riwayat permohonan", hashlib.sha256(history).hexdigest()))
        archive.writestr(
            "index.html",
            render_to_string(
                "letters/archive_index.html",
                {
                    "case": case,
                    "entries": entries,
                    "made": timezone.localtime(),
                    "letters": Letter.objects.filter(case=case, sequence__isnull=False),
                },
            ),
        )
    out.seek(0)
    return out


def _history(case: Case) -> str:
    """riwayat.html: every event, its lane by the name the SOP gives it ("Pemohon", not "pemohon")."""
    names = {code: lane.name for code, lane in version_lanes(case.version_id).items()}
    rows = [
        (event, names.get(event.lane_code, event.lane_code))
        for event in case.events.select_related("actor").order_by("at", "pk")
    ]
    return render_to_string("letters/archive_history.html", {"case": case, "rows": rows})
