"""Signing a step's letter in three parts: numbered in a short transaction, rendered and signed outside any lock,
marked valid with the step's completion. A failure keeps the number and the step open; voiding keeps the number
in the register; a rolled-back completion leaves no file."""

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from sigap.cases import services as case_services
from sigap.cases.models import CaseEvent, Task
from sigap.cases.services import CaseError
from sigap.letters import issuing, services
from sigap.letters.models import Letter, LetterSequence
from tests.factories import dtks_to_signing, login, run, step_now


def pdf_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "surat"
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def _broken(*args, **kwargs):
    raise RuntimeError("injected failure")


@pytest.mark.parametrize("where", ["sigap.letters.rendering.letter_pdf", "sigap.letters.issuing.sign_pdf"])
def test_a_failed_rendering_or_signature_keeps_the_number_and_the_step_open(magetan_staff, monkeypatch, where):
    case = dtks_to_signing(magetan_staff)
    monkeypatch.setattr(where, _broken)
    with pytest.raises(CaseError, match=r"400\.9/1/403\.107/2026 belum ditandatangani"):
        run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.FAILED and letter.sequence == 1 and letter.note
    assert not letter.pdf and pdf_files() == []
    task = step_now(case)
    assert task.step_number == 5 and task.is_active
    monkeypatch.undo()
    run(case, magetan_staff["kadis"])  # "Coba tanda tangani lagi": the same number
    letter.refresh_from_db()
    assert letter.status == Letter.Status.VALID and letter.number == "400.9/1/403.107/2026" and letter.note == ""
    assert LetterSequence.objects.get().last_number == 1
    assert [path.name for path in pdf_files()] == [Path(letter.pdf.name).name]
    assert step_now(case).step_number == 6


def test_a_missing_certificate_says_so_and_the_letter_waits_numbered(magetan_staff, settings, tmp_path):
    case = dtks_to_signing(magetan_staff)
    good_keys, settings.SIGAP_SIGNING_DIR = settings.SIGAP_SIGNING_DIR, tmp_path
    with pytest.raises(CaseError, match="belum dipasang"):
        run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case).status == Letter.Status.FAILED
    settings.SIGAP_SIGNING_DIR = good_keys
    run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case).status == Letter.Status.VALID


def test_the_case_page_offers_to_sign_again_and_to_void(client, magetan_staff, monkeypatch):
    case = dtks_to_signing(magetan_staff)
    monkeypatch.setattr("sigap.letters.issuing.sign_pdf", _broken)
    with pytest.raises(CaseError):
        run(case, magetan_staff["kadis"])
    login(client, magetan_staff["kadis"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'data-letter-status="gagal"' in page and "400.9/1/403.107/2026" in page and "data-signing-error" in page
    assert ">Coba tanda tangani lagi</button>" in page and "Batalkan surat" in page
    letter = Letter.objects.get(case=case)
    response = client.post(f"/magetan/surat/{letter.code}/batalkan/", {"reason": "Salah jenis surat"})
    assert response.status_code == 302 and response.url == f"/magetan/permohonan/{case.code}/"
    letter.refresh_from_db()
    assert letter.status == Letter.Status.VOID and letter.note == "Salah jenis surat"


def test_a_voided_number_stays_in_the_register_and_the_step_signs_a_new_letter(client, magetan_staff, monkeypatch):
    case = dtks_to_signing(magetan_staff)
    monkeypatch.setattr("sigap.letters.issuing.sign_pdf", _broken)
    with pytest.raises(CaseError):
        run(case, magetan_staff["kadis"])
    monkeypatch.undo()
    failed = Letter.objects.get(case=case)
    with pytest.raises(CaseError, match="alasan"):
        services.letter_void(letter=failed, by=magetan_staff["kadis"], reason="  ")
    with pytest.raises(CaseError, match="tidak berwenang"):
        services.letter_void(letter=failed, by=magetan_staff["loket"], reason="x")
    services.letter_void(letter=failed, by=magetan_staff["kadis"], reason="Sertifikat kedaluwarsa")
    assert step_now(case).step_number == 5  # no signed letter yet: the step stays open
    run(case, magetan_staff["kadis"])
    signed = Letter.objects.get(case=case, status=Letter.Status.VALID)
    assert signed.sequence == 2 and signed.pk != failed.pk
    with pytest.raises(CaseError, match="belum ditandatangani yang dapat dibatalkan"):
        services.letter_void(letter=signed, by=magetan_staff["kadis"], reason="x")
    login(client, magetan_staff["loket"])
    register = client.get("/magetan/surat/").content.decode()
    assert "400.9/1/403.107/2026" in register and "Sertifikat kedaluwarsa" in register and "Batal" in register
    response = client.get("/magetan/surat/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[6], row[7]) for row in rows] == [(1, "Batal", "Sertifikat kedaluwarsa"), (2, "Sah", None)]
    sop_register = client.get("/magetan/register/surat-keterangan-terdaftar-dtks/").content.decode()
    assert "400.9/2/403.107/2026" in sop_register and "400.9/1/403.107/2026" not in sop_register


def test_rejecting_a_numbered_letter_voids_it_with_the_reason(magetan_staff, monkeypatch):
    case = dtks_to_signing(magetan_staff)
    monkeypatch.setattr("sigap.letters.issuing.sign_pdf", _broken)
    with pytest.raises(CaseError):
        run(case, magetan_staff["kadis"])
    services.letter_reject(
        organization=case.organization, task_id=step_now(case).pk, user=magetan_staff["kadis"], reason="Alamat salah"
    )
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.VOID and letter.note == "Alamat salah" and letter.sequence == 1


def test_a_rollback_after_the_file_was_written_leaves_no_file(magetan_staff, monkeypatch):
    """The completion fails after the PDF was written and the letter marked valid (the next step cannot be
    made): nothing of it stays, the letter waits numbered, and the next completion signs it."""
    case = dtks_to_signing(magetan_staff)
    written = []
    store = issuing.store_pdf
    monkeypatch.setattr(issuing, "store_pdf", lambda letter, pdf: (store(letter, pdf), written.append(letter.pdf.name)))
    monkeypatch.setattr("sigap.cases.transitions.advance", _broken)
    with pytest.raises(RuntimeError, match="injected"):
        run(case, magetan_staff["kadis"])
    assert len(written) == 1 and pdf_files() == []
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.NUMBERED and not letter.pdf and step_now(case).step_number == 5
    monkeypatch.undo()
    run(case, magetan_staff["kadis"])
    letter.refresh_from_db()
    assert letter.status == Letter.Status.VALID and letter.sequence == 1 and len(pdf_files()) == 1


def test_a_correction_that_fails_after_writing_its_file_leaves_none(magetan_staff, monkeypatch):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])
    letter = Letter.objects.get(case=case)
    monkeypatch.setattr(services, "mark_signed", _broken)
    with pytest.raises(RuntimeError):
        services.letter_correct(letter=letter, by=magetan_staff["kadis"], reason="Koreksi")
    assert pdf_files() == [Path(settings.MEDIA_ROOT) / letter.pdf.name]
    assert Letter.objects.filter(case=case).count() == 1


def test_a_second_click_while_the_first_is_signing_completes_once(magetan_staff, monkeypatch):
    """The second completion arrives while the first renders (outside any lock): it signs the same numbered
    letter and completes the step; the first then finds the step done and leaves no file behind."""
    case = dtks_to_signing(magetan_staff)
    task = step_now(case)
    real, clicks = issuing.signed_pdf, []

    def complete():
        clicks.append(len(clicks) + 1)
        return case_services.task_complete(organization=task.organization, task_id=task.pk, user=magetan_staff["kadis"])

    def render(letter):
        if len(clicks) == 1:  # the first click is rendering: the second arrives
            assert complete().step_number == 6
        return real(letter)

    monkeypatch.setattr(issuing, "signed_pdf", render)
    with pytest.raises(CaseError, match="sudah diselesaikan"):
        complete()
    assert clicks == [1, 2]
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.VALID and letter.sequence == 1
    assert LetterSequence.objects.get().last_number == 1
    assert [path.name for path in pdf_files()] == [Path(letter.pdf.name).name]
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COMPLETED, step_number=5).count() == 1
    assert Task.objects.filter(case=case, step_number=6).count() == 1


def test_orphans_command_removes_old_signed_pdfs_no_letter_names(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])
    letter = Letter.objects.get(case=case)
    folder = Path(settings.MEDIA_ROOT) / "surat" / "2026"
    old, young = folder / "sisa-lama.pdf", folder / "sisa-baru.pdf"
    for path in (old, young):
        path.write_bytes(b"%PDF-1.7 sisa")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(Path(settings.MEDIA_ROOT) / letter.pdf.name, (hours_ago, hours_ago))
    out = io.StringIO()
    call_command("sigap_orphans", stdout=out)  # lists only
    assert old.exists() and "surat/2026/sisa-lama.pdf" in out.getvalue()
    call_command("sigap_orphans", "--delete", stdout=io.StringIO())
    assert not old.exists() and young.exists() and letter.pdf.storage.exists(letter.pdf.name)
    call_command("sigap_orphans", "--delete", "--older-than", "0", stdout=io.StringIO())
    assert not young.exists() and letter.pdf.storage.exists(letter.pdf.name)


def test_data_printed_on_a_numbered_letter_is_not_corrected(magetan_staff, monkeypatch):
    from sigap.cases import corrections

    case = dtks_to_signing(magetan_staff)
    monkeypatch.setattr("sigap.letters.issuing.sign_pdf", _broken)
    with pytest.raises(CaseError):
        run(case, magetan_staff["kadis"])
    with pytest.raises(CaseError, match="menunggu tanda tangan; batalkan surat"):
        corrections.case_correct_applicant(
            organization=case.organization,
            case_id=case.pk,
            user=magetan_staff["loket"],
            applicant_name="Siti Lain",
            phone="081200000000",
            address="Jl. Contoh 1",
            reason="salah ketik",
        )
