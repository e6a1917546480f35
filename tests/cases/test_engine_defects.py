"""Defects of the case engine a new user hit: the returned-documents resume, the lane named on the case
page, whose step the applicant's is, and how a refused request ends."""

import datetime

import pytest

from sigap.cases import services
from sigap.cases.models import Case, CaseEvent, Task
from tests.factories import MONDAY, login, open_case, run, step_now

DTKS = "surat-keterangan-terdaftar-dtks"


def _returned(staff, *, missing=("Fotokopi Kartu Keluarga",)):
    """A DTKS case whose documents were returned at step 2: the applicant is to bring `missing`."""
    case = open_case(staff, DTKS)
    services.case_return_documents(
        organization=case.organization,
        task_id=step_now(case).pk,
        user=staff["loket"],
        missing=list(missing),
        now=MONDAY + datetime.timedelta(minutes=3),
    )
    return case


def test_a_resume_is_recorded_and_told_as_resumed_not_as_a_finished_step(client, magetan_staff):
    case = _returned(magetan_staff)
    waiting = step_now(case)
    login(client, magetan_staff["loket"])
    response = client.post(f"/magetan/permohonan/{case.code}/tugas/{waiting.pk}/selesai/", follow=True)
    page = response.content.decode()
    assert "dilanjutkan" in page and "Langkah 2 selesai" not in page
    assert case.events.filter(kind=CaseEvent.Kind.RESUMED, step_number=2).exists()
    assert not case.events.filter(kind__in=[CaseEvent.Kind.COMPLETED, CaseEvent.Kind.RECORDED], step_number=2)
    assert step_now(case).kind == Task.Kind.OFFICE and step_now(case).step_number == 2


def test_the_resume_form_has_no_decision_to_ignore(client, magetan_staff):
    case = _returned(magetan_staff)
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Pemohon sudah melengkapi" in page
    assert 'name="decision"' not in page  # step 2 is a decision, but the resume decides nothing
    # Back at the office, the decision is asked again.
    run(case, magetan_staff["loket"])
    assert 'name="decision"' in client.get(f"/magetan/permohonan/{case.code}/").content.decode()


def test_missing_items_are_ticked_from_the_sops_requirements_plus_free_text(client, magetan_staff):
    requirements = [
        services.Requirement("Fotokopi KTP pemohon", True),
        services.Requirement("Fotokopi Kartu Keluarga", False),
        services.Requirement("Surat pengantar dari Desa/Kelurahan", True),
    ]
    case = open_case(magetan_staff, DTKS, requirements=requirements)
    task = step_now(case)
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    for item in ("Fotokopi KTP pemohon", "Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan"):
        assert 'name="kurang" id="kurang-' in page and f'value="{item}"' in page
    # What was not brought at the counter is ticked already.
    assert 'value="Fotokopi Kartu Keluarga" checked' in page and 'value="Fotokopi KTP pemohon" checked' not in page
    client.post(
        f"/magetan/permohonan/{case.code}/tugas/{task.pk}/kembalikan/",
        {"kurang": ["Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan"], "missing": "Pas foto 3x4"},
    )
    returned = case.events.get(kind=CaseEvent.Kind.RETURNED)
    assert returned.data["kurang"] == ["Fotokopi Kartu Keluarga", "Surat pengantar dari Desa/Kelurahan", "Pas foto 3x4"]
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED


@pytest.mark.parametrize(
    "data",
    [{}, {"kurang": ["  "], "missing": "\n \n"}, {"kurang": ["x" * 301]}],
    ids=["nothing", "blank", "over-long"],
)
def test_returning_with_nothing_or_bad_items_is_refused_with_a_message(client, magetan_staff, data):
    case = open_case(magetan_staff, DTKS)
    task = step_now(case)
    login(client, magetan_staff["loket"])
    response = client.post(f"/magetan/permohonan/{case.code}/tugas/{task.pk}/kembalikan/", data, follow=True)
    assert response.status_code == 200 and "Sebutkan kelengkapan yang kurang" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.OFFICE and not case.events.filter(kind=CaseEvent.Kind.RETURNED).exists()


def test_many_missing_items_are_all_named_on_the_waiting_task(magetan_staff):
    items = [f"Dokumen pendukung nomor {n} yang harus dibawa kembali" for n in range(20)]
    case = _returned(magetan_staff, missing=items)
    waiting = step_now(case)
    assert waiting.purpose == "Melengkapi berkas: " + ", ".join(items)
    assert case.events.get(kind=CaseEvent.Kind.RETURNED).data["kurang"] == items  # the history keeps them all


def test_a_printable_slip_lists_what_the_applicant_must_bring(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["loket"])
    slip_url = f"/magetan/permohonan/{case.code}/kelengkapan-kurang/"
    assert client.get(slip_url).status_code == 404  # nothing was returned yet
    services.case_return_documents(
        organization=case.organization,
        task_id=step_now(case).pk,
        user=magetan_staff["loket"],
        missing=["Fotokopi Kartu Keluarga", "<b>Surat</b> pengantar"],
        note="Bawa aslinya",
        now=MONDAY + datetime.timedelta(minutes=3),
    )
    case_page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert slip_url in case_page
    slip = client.get(slip_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "KELENGKAPAN BERKAS YANG HARUS DIBAWA" in slip  # in the office's language
    assert case.code in slip and case.nik_masked in slip and "Bawa aslinya" in slip
    assert "<li>Fotokopi Kartu Keluarga</li>" in slip and "&lt;b&gt;Surat&lt;/b&gt; pengantar" in slip


def test_the_case_page_names_the_lane_of_the_current_step(client, magetan_staff):
    case = open_case(magetan_staff, DTKS)
    login(client, magetan_staff["kabid"])
    run(case, magetan_staff["loket"], decision=True)  # 2
    run(case, magetan_staff["loket"])  # 4: the letter is prepared
    assert step_now(case).step_number == 5  # signed by the head
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "<span data-lane>Kepala Dinas / Kabid Linjamsos</span>" in page
    run(case, magetan_staff["kabid"])  # 5 signed
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "<span data-lane>Bidang Linjamsos</span>" in page


def test_an_applicant_step_is_recorded_as_the_applicants(client, magetan_staff):
    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    run(case, s["rehsos"])  # 2: formulir diberikan
    login(client, s["rehsos"])
    assert "<span data-lane>Pemohon</span>" in client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    run(case, s["rehsos"])  # 3: COTA gathers the documents, recorded by staff
    event = case.events.get(step_number=3)
    assert event.kind == CaseEvent.Kind.RECORDED_APPLICANT
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Tindakan pemohon dicatat" in page and "Tindakan pihak luar dicatat" not in page


def test_an_outside_partys_step_is_still_recorded_as_theirs(magetan_staff):
    s = magetan_staff
    case = open_case(s, "reaktifasi-kartu-pbi-jkn")
    run(case, s["loket"])  # 2: berkas diperiksa
    assert step_now(case).kind == Task.Kind.EXTERNAL  # 3: BPJS is asked
    run(case, s["loket"], decision=True)  # 3: still registered with BPJS
    assert case.events.get(step_number=3).kind == CaseEvent.Kind.RECORDED


def test_a_refused_request_ends_with_its_own_short_outcome(magetan_staff):
    case = open_case(magetan_staff, DTKS)
    run(case, magetan_staff["loket"], decision=False)  # 2: not registered in SIKS-NG
    run(case, magetan_staff["loket"])  # 3: documents returned, advised to apply through the village
    case.refresh_from_db()
    assert case.status == Case.Status.DONE
    assert case.result == Case.Result.REFUSED and case.outcome == "Tidak terdaftar — dikembalikan"
    assert case.events.get(kind=CaseEvent.Kind.CLOSED).note == "Tidak terdaftar — dikembalikan"


def test_a_granted_request_ends_with_what_it_gives(magetan_staff):
    s = magetan_staff
    case = open_case(s, DTKS)
    for user, decision in ((s["loket"], True), (s["loket"], None), (s["kabid"], None), (s["loket"], None)):
        run(case, user, decision=decision)
    case.refresh_from_db()
    assert case.result == Case.Result.GRANTED and case.outcome == "Surat Keterangan Terdaftar DTKS"


def test_the_register_shows_the_short_outcome_not_the_step_sentence(magetan_staff):
    from sigap.letters.selectors import register_rows, sop_register

    case = open_case(magetan_staff, DTKS)
    run(case, magetan_staff["loket"], decision=False)
    run(case, magetan_staff["loket"])
    rows = list(register_rows(sop_register(organization=case.organization, user=magetan_staff["kadis"], sop_code=DTKS)))
    assert [row["hasil"] for row in rows] == ["Tidak terdaftar — dikembalikan"]


def test_the_sop_file_refusal_outcome_must_be_text():
    from pathlib import Path

    from sigap.sop.sopfile import SopFileError, load_text

    source = Path("sops/magetan/surat-keterangan-terdaftar-dtks.yaml").read_text()
    step = next(s for s in load_text(source).data["langkah"] if s["nomor"] == 3)
    assert step["hasil_ditolak"] == "Tidak terdaftar — dikembalikan"
    bad = source.replace("hasil_ditolak: Tidak terdaftar — dikembalikan", "hasil_ditolak: [a, b]")
    with pytest.raises(SopFileError) as caught:
        load_text(bad)
    assert "hasil_ditolak" in str(caught.value)
