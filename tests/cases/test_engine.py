"""The case engine through its services: every path of the three Magetan SOPs, both branches of each decision."""

import datetime

import pytest

from sigap.cases import services, sweep
from sigap.cases.models import Case, CaseEvent, Task
from sigap.sop.models import Sop
from tests.factories import MONDAY, NIK, WIB, make_staff, open_case, path_of, run, step_now


def test_dtks_registered_path(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    assert case.status == Case.Status.OFFICE and step_now(case).step_number == 2
    assert case.nik_masked == "3520********0003" and NIK not in case.nik_encrypted
    run(case, magetan_staff["loket"], decision=True)  # 2: terdaftar di SIKS-NG
    run(case, magetan_staff["loket"])  # 4: cetak surat keterangan
    run(case, magetan_staff["kabid"])  # 5: ditandatangani Kabid
    run(case, magetan_staff["loket"])  # 6: diserahkan
    case.refresh_from_db()
    assert path_of(case) == [2, 4, 5, 6]
    assert case.status == Case.Status.DONE and case.outcome == "Surat Keterangan Terdaftar DTKS"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[0] == CaseEvent.Kind.OPENED and kinds[-1] == CaseEvent.Kind.CLOSED
    assert kinds.count(CaseEvent.Kind.COMPLETED) == 4


def test_dtks_not_registered_path_ends_after_returning_the_file(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    run(case, magetan_staff["loket"], decision=False)  # 2: belum terdaftar
    run(case, magetan_staff["loket"])  # 3: berkas dikembalikan, disarankan diusulkan
    case.refresh_from_db()
    assert path_of(case) == [2, 3]
    assert case.status == Case.Status.DONE and case.current_step == 7


def test_pbi_jkn_still_registered_path(magetan_staff):
    case = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    run(case, magetan_staff["loket"])  # 2: periksa berkas
    task = step_now(case)
    assert task.step_number == 3 and task.kind == Task.Kind.EXTERNAL  # waiting on BPJS
    case.refresh_from_db()
    assert case.status == Case.Status.EXTERNAL
    run(case, magetan_staff["loket"], decision=True)  # 3: BPJS says still registered
    run(case, magetan_staff["loket"])  # 5: membuat surat re-aktivasi
    run(case, magetan_staff["kadis"])  # 6: ditandatangani Kepala Dinas
    run(case, magetan_staff["loket"])  # 7: diserahkan
    case.refresh_from_db()
    assert path_of(case) == [2, 3, 5, 6, 7]
    assert case.status == Case.Status.DONE and case.outcome == "Surat Re-Aktivasi PBI-JKN"


def test_pbi_jkn_no_longer_registered_path(magetan_staff):
    case = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    run(case, magetan_staff["loket"])
    run(case, magetan_staff["loket"], decision=False)  # 3: not registered at BPJS
    run(case, magetan_staff["loket"])  # 4: berkas dikembalikan
    case.refresh_from_db()
    assert path_of(case) == [2, 3, 4] and case.status == Case.Status.DONE


def test_adoption_complete_path_with_an_incomplete_file_first(magetan_staff):
    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    run(case, s["rehsos"])  # 2: formulir diberikan
    assert step_now(case).kind == Task.Kind.APPLICANT  # 3: COTA gathers documents
    run(case, s["rehsos"], minutes=60 * 24 * 3)  # 3 recorded by staff
    run(case, s["rehsos"])  # 4: berkas dikumpulkan
    run(case, s["rehsos"], decision=False)  # 5: tidak lengkap -> back to 3
    assert step_now(case).step_number == 3
    run(case, s["rehsos"])  # 3 again
    run(case, s["rehsos"])  # 4 again
    run(case, s["rehsos"], decision=True)  # 5: lengkap
    run(case, s["kabid_rehsos"])  # 6: surat pengantar
    run(case, s["rehsos"])  # 7: dikirim ke provinsi
    task = step_now(case)
    assert task.step_number == 8 and task.organization.slug == "jatim"  # handed over
    assert case.events.filter(kind=CaseEvent.Kind.HANDED_OVER).exists()
    with pytest.raises(services.CaseError):
        run(case, s["rehsos"])  # Magetan staff cannot act for the province
    jatim_head = make_staff("jatim", "kadis", "kadis-jatim")  # 10 signs the SK: the province's Kepala Dinas
    for step in (8, 9, 10, 11):
        run(case, jatim_head if step == 10 else s["jatim"])
    assert step_now(case).organization.slug == "magetan"  # handed back
    run(case, s["rehsos"])  # 12: COTA takes the SK
    case.refresh_from_db()
    assert path_of(case) == [2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert case.status == Case.Status.DONE and case.outcome == "SK Adopsi"


def test_case_stays_on_its_version_when_the_sop_changes(magetan_staff, tmp_path):
    import shutil

    from sigap.sop.services import sop_import
    from tests.conftest import SOP_DIR

    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    tree = tmp_path / "sops"
    shutil.copytree(SOP_DIR, tree)
    path = tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(path.read_text().replace("waktu: 6 Menit", "waktu: 9 Menit"))
    sop_import(paths=[tree])
    sop = Sop.objects.get(code="surat-keterangan-terdaftar-dtks")
    assert sop.current_version.revision == 2
    case.refresh_from_db()
    assert case.version.revision == 1
    run(case, magetan_staff["loket"], decision=False)
    assert step_now(case).step_number == 3 and case.version.steps.get(number=3).duration_text == "6 Menit"


def test_due_times_follow_the_working_calendar(magetan_staff):
    friday_late = datetime.datetime(2026, 11, 27, 16, 27, tzinfo=WIB)
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks", now=friday_late)
    task = step_now(case)
    # 5 working minutes from Friday 16:27: 3 minutes until the 16:30 close, 2 on Monday from 07:30.
    assert task.due_limit.astimezone(WIB) == datetime.datetime(2026, 11, 30, 7, 32, tzinfo=WIB)
    assert case.expected_at is not None and case.expected_at >= task.due_limit


def test_decision_needs_an_answer(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    with pytest.raises(services.CaseError, match="pilih Ya atau Tidak"):
        run(case, magetan_staff["loket"])
    assert step_now(case).step_number == 2


def test_double_completion_is_refused_and_changes_nothing(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    services.task_complete(organization=task.organization, task_id=task.pk, user=magetan_staff["loket"], decision=True)
    events = case.events.count()
    with pytest.raises(services.CaseError, match="sudah diselesaikan"):
        services.task_complete(
            organization=task.organization, task_id=task.pk, user=magetan_staff["loket"], decision=True
        )
    assert case.events.count() == events
    assert case.tasks.count() == 2


def test_wrong_lane_cannot_complete(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    for outsider in ("sekretariat", "rehsos", "bangkalan", "jatim"):
        with pytest.raises(services.CaseError, match=r"bukan termasuk pelaksana|tidak termasuk pelaksana"):
            run(case, magetan_staff[outsider], decision=True)
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    with pytest.raises(services.CaseError):  # step 5 is the heads' lane
        run(case, magetan_staff["loket"])


def test_claim_release_and_reassign(magetan_staff):
    s = magetan_staff
    other = __import__("tests.conftest", fromlist=["make_staff"]).make_staff("magetan", "staf-linjamsos", "loket2")
    case = open_case(s, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    services.task_claim(organization=task.organization, task_id=task.pk, user=s["loket"])
    with pytest.raises(services.CaseError, match="sudah diambil"):
        services.task_claim(organization=task.organization, task_id=task.pk, user=other)
    with pytest.raises(services.CaseError, match="sedang dikerjakan"):
        services.task_complete(organization=task.organization, task_id=task.pk, user=other, decision=True)
    with pytest.raises(services.CaseError, match="Hanya kepala bidang"):
        services.task_reassign(organization=task.organization, task_id=task.pk, by=other, to_user=other)
    services.task_reassign(organization=task.organization, task_id=task.pk, by=s["kabid"], to_user=other)
    assert step_now(case).assignee == other
    services.task_release(organization=task.organization, task_id=task.pk, user=other)
    assert step_now(case).state == Task.State.OPEN and step_now(case).assignee is None
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[1:4] == [CaseEvent.Kind.CLAIMED, CaseEvent.Kind.REASSIGNED, CaseEvent.Kind.RELEASED]


def test_returned_documents_and_the_applicant_coming_back(magetan_staff):
    s = magetan_staff
    case = open_case(s, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    waiting = services.case_return_documents(
        organization=task.organization,
        task_id=task.pk,
        user=s["loket"],
        missing=["Fotokopi Kartu Keluarga"],
        now=MONDAY + datetime.timedelta(minutes=3),
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED
    assert case.expected_at is None  # unknown while the office waits for the missing items
    assert waiting.kind == Task.Kind.APPLICANT and "Fotokopi Kartu Keluarga" in waiting.purpose
    returned = case.events.get(kind=CaseEvent.Kind.RETURNED)
    assert returned.data == {"kurang": ["Fotokopi Kartu Keluarga"]}
    back = services.task_complete(
        organization=waiting.organization, task_id=waiting.pk, user=s["loket"], now=MONDAY + datetime.timedelta(days=1)
    )
    assert back.step_number == 2 and back.kind == Task.Kind.OFFICE
    case.refresh_from_db()
    assert case.status == Case.Status.OFFICE
    # The expected completion counts again from the day the applicant came back.
    assert case.expected_at > back.due_limit > MONDAY + datetime.timedelta(days=1)
    run(case, s["loket"], decision=True)
    assert step_now(case).step_number == 4


def test_bad_nik_is_refused_with_a_clear_message(magetan_staff):
    from sigap.cases.nik import NikError

    with pytest.raises(NikError, match="16 angka"):
        services.case_open(
            organization=Sop.objects.get(code="surat-keterangan-terdaftar-dtks").organization,
            sop=Sop.objects.get(code="surat-keterangan-terdaftar-dtks"),
            opened_by=magetan_staff["loket"],
            applicant_name="X",
            nik="12345",
        )
    assert not Case.objects.exists()


def test_draft_sop_cannot_take_cases(magetan_staff):
    sop = Sop.objects.get(organization__slug="bangkalan", code="surat-keterangan-dtks")
    with pytest.raises(services.CaseError, match="belum ditetapkan"):
        services.case_open(
            organization=sop.organization, sop=sop, opened_by=magetan_staff["bangkalan"], applicant_name="X", nik=NIK
        )


def test_events_are_append_only(magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    event = case.events.first()
    event.note = "diubah"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_sweep_marks_overdue_once_and_notifies_the_heads(magetan_staff):
    from django.core.management import call_command

    from sigap.cases.models import Notification

    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    assert services.tasks_sweep(now=task.due_limit) == 0  # due exactly now: not late yet
    later = task.due_limit + datetime.timedelta(minutes=1)
    assert services.tasks_sweep(now=later) == 1
    assert services.tasks_sweep(now=later) == 0  # idempotent
    task.refresh_from_db()
    assert task.overdue_at == later
    assert case.events.filter(kind=CaseEvent.Kind.OVERDUE).count() == 1
    notified = set(Notification.objects.filter(task=task).values_list("user__username", flat=True))
    assert notified == {"kabid", "kadis"}
    call_command("sweep")  # the cron entry point runs clean
    assert case.events.filter(kind=CaseEvent.Kind.OVERDUE).count() == 1


def test_only_office_time_counts_against_the_on_time_rate(magetan_staff):
    from sigap.cases import selectors

    case = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    run(case, magetan_staff["loket"], minutes=3)  # 2: on time (5 menit)
    run(case, magetan_staff["loket"], decision=True, minutes=60 * 24 * 2)  # 3: BPJS answers two days later
    run(case, magetan_staff["loket"], minutes=20)  # 5: late (5 menit)
    rate = selectors.on_time_rate(organization=case.organization)
    assert (rate["on_time"], rate["total"], rate["percent"]) == (1, 2, 50.0)
    split = selectors.case_time_split(case, now=step_now(case).started_at)
    assert split["kantor"] == 3 + 20 and split["luar"] > 0 and split["pemohon"] == 0


def test_sweep_skips_a_task_completed_in_the_meantime(magetan_staff, monkeypatch):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    later = task.due_limit + datetime.timedelta(minutes=5)
    listed = []

    def listed_then_completed(now, batch):
        # The sweep lists the task, then an officer completes it before the sweep marks it.
        if listed:
            return []
        listed.append(task.pk)
        services.task_complete(
            organization=task.organization, task_id=task.pk, user=magetan_staff["loket"], decision=True, now=later
        )
        return [task.pk]

    monkeypatch.setattr(sweep, "_overdue_candidates", listed_then_completed)
    assert services.tasks_sweep(now=later) == 0
    assert not case.events.filter(kind=CaseEvent.Kind.OVERDUE).exists()
