"""Bad input at the edge: NUL and control characters, over-long values, bidirectional overrides in names.

SQLite stores a NUL byte and any length in any text column; PostgreSQL refuses both with an error. These
tests run on both (CI runs the suite on PostgreSQL too) and never skip: each asks for an answer that is not
a 500 and a message that says what was wrong.
"""

import re

import pytest

from sigap.cases.models import Case
from sigap.letters.models import Letter
from sigap.worktime.models import Closure
from tests.factories import NIK, login, make_staff, open_case, png_bytes, run, step_now

COUNTER = "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/"
ELEVEN_WORDS = "Siti Aminah Binti Haji Abdul Rahman Wijaya Kusuma Putri Sari Dewi"


def counter_form(client, **values) -> dict:
    page = client.get(COUNTER).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return {"applicant_name": "Sri Contoh", "nik": NIK, "req_0": "on", "token": token, **values}


def test_an_applicant_name_of_eleven_words_reaches_a_signed_letter(client, magetan_staff):
    login(client, magetan_staff["loket"])
    response = client.post(COUNTER, counter_form(client, applicant_name=ELEVEN_WORDS))
    assert response.status_code == 302
    case = Case.objects.get()
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])  # the draft letter is made here
    run(case, magetan_staff["kabid"])  # signed
    letter = Letter.objects.get(case=case, status=Letter.Status.VALID)
    assert letter.applicant_initials == "S.A.B.H.A.R.W.K.P.…"  # what fits Letter.applicant_initials
    verified = client.get(f"/v/{letter.code}").content.decode()
    assert "S.A.B.H.A.R.W.K.P.…" in verified


@pytest.mark.parametrize("name", ["Siti", "Siti Nur Contoh", "A " * 100, "Ab" * 100, ELEVEN_WORDS, "ß " * 30])
def test_initials_always_fit_their_column(name):
    from sigap.letters.placeholders import initials

    assert 0 < len(initials(name)) <= Letter._meta.get_field("applicant_initials").max_length


# 1. Control characters are refused at the edge (sigap.orgs.edge), before any view --------------------------


def refused_at_edge(response) -> bool:
    return response.status_code == 400 and "memuat karakter kendali" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/magetan/kotak-masuk/?sop=%00",
        "/magetan/kotak-masuk/?pelaksana=a%00b",
        "/magetan/permohonan/?q=Siti%00Contoh",
        "/magetan/surat/?status=%00",
        "/magetan/sop/?q=pbi%00jkn",
        "/magetan/sop/?q=%C2%85",  # C1: NEXT LINE
        "/magetan/sop/?a%00=1",  # in a parameter's name
        "/magetan/sop/%00/",
        "/magetan/permohonan/K7QH-2XPM-94TA%0A/",
        "/v/x%00y",
    ],
)
def test_a_control_character_in_a_path_or_query_is_refused_with_a_page(client, magetan_staff, url):
    login(client, magetan_staff["loket"])
    assert refused_at_edge(client.get(url)), url


def test_the_refusal_page_speaks_english_when_chosen(client, shipped_sops):
    client.cookies["django_language"] = "en"
    response = client.get("/magetan/sop/?q=%00")
    assert response.status_code == 400 and "control characters" in response.content.decode()


COUNTER_NUL = [
    ("applicant_name", "Sri\x00Contoh"),
    ("nik", "3520\x0014107850003"),
    ("phone", "0812\x00"),
    ("address", "Desa\x00Contoh"),
    ("note", "baris\x1bsatu"),  # ESC
    ("token", "\x00" * 3),
    ("token", "K7QH-2XPM-94T\x01"),
]


@pytest.mark.parametrize(("field", "value"), COUNTER_NUL)
def test_a_control_character_in_a_counter_form_field_opens_no_case(client, magetan_staff, field, value):
    login(client, magetan_staff["loket"])
    assert refused_at_edge(client.post(COUNTER, {**counter_form(client), field: value}))
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"bagian": "pemohon", "applicant_name": "Siti\x00"},
        {"bagian": "pemohon", "applicant_name": "Siti", "nik": "3520\x00"},
        {"bagian": "pemohon", "applicant_name": "Siti", "phone": "0812\x00"},
        {"bagian": "pemohon", "applicant_name": "Siti", "address": "Jl.\x00"},
        {"bagian": "pemohon", "applicant_name": "Siti", "reason": "\x00"},
        {"bagian": "kelengkapan", "req_1": "on", "reason": "KK\x7f"},
    ],
)
def test_a_control_character_in_a_correction_changes_nothing(client, magetan_staff, data):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    assert refused_at_edge(client.post(f"/magetan/permohonan/{case.code}/koreksi/", data))
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh" and case.events.count() == 1


def test_a_control_character_in_returned_items_returns_nothing(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    login(client, magetan_staff["loket"])
    url = f"/magetan/permohonan/{case.code}/tugas/{task.pk}/kembalikan/"
    assert refused_at_edge(client.post(url, {"kurang": ["a\x00b"]}))
    case.refresh_from_db()
    assert case.status == Case.Status.OFFICE


@pytest.mark.parametrize(("nip", "rank"), [("19800101 200501 1 003\x00", ""), ("", "Pembina\x00(IV/a)")])
def test_a_control_character_in_a_staff_identity_changes_nothing(client, magetan_staff, nip, rank):
    from sigap.orgs.models import Membership

    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    kadis = Membership.objects.get(user=magetan_staff["kadis"])
    login(client, admin)
    assert refused_at_edge(client.post(f"/magetan/pengaturan/staf/{kadis.pk}/identitas/", {"nip": nip, "rank": rank}))
    kadis.refresh_from_db()
    assert kadis.nip == "" and kadis.rank == ""


def test_tabs_and_line_breaks_in_a_text_area_are_kept(client, magetan_staff):
    login(client, magetan_staff["loket"])
    response = client.post(COUNTER, counter_form(client, address="Dusun Contoh\r\nRT 01\tRW 02"))
    assert response.status_code == 302
    assert Case.objects.get().address == "Dusun Contoh\r\nRT 01\tRW 02"


def test_a_file_whose_content_holds_nul_bytes_is_not_refused_at_the_edge(client, magetan_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, magetan_staff["loket"])
    content = png_bytes()
    assert b"\x00" in content
    upload = SimpleUploadedFile("ktp.png", content, content_type="image/png")
    response = client.post(COUNTER, {**counter_form(client), "file_0": upload})
    assert response.status_code == 302 and Case.objects.get().attachments.count() == 1


# 2. Lengths ---------------------------------------------------------------------------------------------------


def test_a_long_closure_name_gets_a_message(client, magetan_staff):
    from sigap.orgs.models import Membership

    Membership.objects.filter(user=magetan_staff["kadis"]).update(is_admin=True)
    login(client, magetan_staff["kadis"])
    response = client.post("/magetan/pengaturan/hari-libur/", {"date": "2026-12-24", "name": "x" * 250}, follow=True)
    assert response.status_code == 200
    assert "Keterangan paling banyak 200 karakter (sekarang 250)." in response.content.decode()
    assert not Closure.objects.filter(organization__slug="magetan").exists()


def test_the_closure_service_refuses_what_the_page_would(shipped_sops):
    import datetime

    from sigap.orgs.models import Organization
    from sigap.worktime.services import CalendarError, closure_add

    magetan = Organization.objects.get(slug="magetan")
    for name in ("x" * 201, "Hari\x00jadi"):
        with pytest.raises(CalendarError):
            closure_add(organization=magetan, date=datetime.date(2026, 12, 24), name=name)
    assert not Closure.objects.filter(organization=magetan).exists()


def test_a_long_list_of_missing_items_is_kept_whole(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    login(client, magetan_staff["loket"])
    items = [f"Surat keterangan nomor {i} dari kelurahan setempat" for i in range(30)]  # about 1500 characters
    url = f"/magetan/permohonan/{case.code}/tugas/{task.pk}/kembalikan/"
    response = client.post(url, {"missing": "\n".join(items), "note": "catatan " * 200})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.RETURNED
    assert step_now(case).purpose.endswith(items[-1])
    inbox = client.get("/magetan/kotak-masuk/").content.decode()
    assert "Melengkapi berkas: " + items[0] in inbox and items[-1] not in inbox  # the inbox shows its start


def test_an_over_long_note_or_list_is_refused_by_the_service_too(magetan_staff):
    from sigap.cases import services

    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    ask = {"organization": case.organization, "task_id": task.pk, "user": magetan_staff["loket"]}
    with pytest.raises(services.CaseError, match="Kelengkapan yang kurang paling banyak 4000 karakter"):
        services.case_return_documents(**ask, missing=[f"{i} " + "x" * 300 for i in range(20)])
    with pytest.raises(services.CaseError, match="Catatan paling banyak 2000 karakter"):
        services.case_return_documents(**ask, missing=["KK"], note="n" * 2001)
    with pytest.raises(services.CaseError, match="Catatan paling banyak 2000 karakter"):
        services.task_complete(**ask, decision=True, note="n" * 2001)
    assert step_now(case).pk == task.pk


def test_an_over_long_note_on_the_complete_form_gets_a_message(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    task = step_now(case)
    login(client, magetan_staff["loket"])
    url = f"/magetan/permohonan/{case.code}/tugas/{task.pk}/selesai/"
    response = client.post(url, {"decision": "ya", "note": "n" * 5000}, follow=True)
    assert response.status_code == 200 and "Isian tidak sah" in response.content.decode()
    assert step_now(case).pk == task.pk


def test_a_very_long_login_name_is_answered_with_the_form(client, shipped_sops):
    from axes.models import AccessAttempt

    response = client.post("/masuk/", {"username": "x" * 10_000, "password": "salah"})
    assert response.status_code == 200 and "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # no user has such a name: nothing to count


def test_a_login_name_of_the_longest_length_is_tried_and_counted(client, shipped_sops):
    from axes.models import AccessAttempt

    response = client.post("/masuk/", {"username": "x" * 150, "password": "salah"})
    assert response.status_code == 200 and "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert AccessAttempt.objects.filter(username="x" * 150).exists()


def test_a_signer_with_long_first_and_last_names_signs(magetan_staff):
    magetan_staff["kabid"].first_name, magetan_staff["kabid"].last_name = "F" * 150, "L" * 150  # as Django admin allows
    magetan_staff["kabid"].save()
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case, status=Letter.Status.VALID).signer_name == "F" * 150 + " " + "L" * 150


# 3. Names -----------------------------------------------------------------------------------------------------

BIDI_NAMES = ["Siti\u202eotnoC", "Siti\u202aA", "Siti\u2066A\u2069", "Siti\u202dA", "Siti\tContoh", "Siti\nContoh"]


@pytest.mark.parametrize("name", BIDI_NAMES)
def test_a_name_with_text_direction_or_control_characters_opens_no_case(client, magetan_staff, name):
    login(client, magetan_staff["loket"])
    response = client.post(COUNTER, counter_form(client, applicant_name=name))
    assert response.status_code == 200 and "karakter pengatur arah teks" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("name", BIDI_NAMES[:2])
def test_the_services_refuse_such_names_too(magetan_staff, name):
    from sigap.cases import corrections, services
    from sigap.orgs.models import Organization, Position
    from sigap.orgs.services import StaffError, staff_add

    with pytest.raises(services.CaseError, match="Nama pemohon tidak boleh memuat karakter kendali"):
        open_case_named(magetan_staff, name)
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    with pytest.raises(services.CaseError, match="Nama pemohon tidak boleh"):
        corrections.case_correct_applicant(
            organization=case.organization,
            case_id=case.pk,
            user=magetan_staff["loket"],
            applicant_name=name,
            reason="salah ketik",
        )
    magetan = Organization.objects.get(slug="magetan")
    with pytest.raises(StaffError, match="Nama lengkap tidak boleh"):
        staff_add(
            organization=magetan,
            username="baru",
            full_name=name,
            position=Position.objects.get(organization=magetan, code="kadis"),
            password="kata-sandi-panjang-2026",
        )


def open_case_named(staff, name):
    from sigap.cases import services
    from sigap.orgs.models import Organization
    from sigap.sop.models import Sop

    magetan = Organization.objects.get(slug="magetan")
    return services.case_open(
        organization=magetan,
        sop=Sop.objects.get(organization=magetan, code="surat-keterangan-terdaftar-dtks"),
        opened_by=staff["loket"],
        applicant_name=name,
        nik=NIK,
    )


def test_a_correction_to_a_bidi_name_is_refused_on_the_page(client, magetan_staff):
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    data = {"bagian": "pemohon", "applicant_name": "Siti\u202eotnoC", "reason": "salah ketik"}
    response = client.post(f"/magetan/permohonan/{case.code}/koreksi/", data)
    assert response.status_code == 200 and "karakter pengatur arah teks" in response.content.decode()
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh"


def test_the_staff_form_refuses_a_bidi_name(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    from sigap.orgs.models import Position

    login(client, admin)
    position = Position.objects.get(organization__slug="magetan", code="kadis")
    data = {"username": "baru", "full_name": "Budi\u202eA", "position": position.pk, "password": "kata-sandi-2026-x"}
    response = client.post("/magetan/pengaturan/staf/", data)
    assert response.status_code == 200 and "karakter pengatur arah teks" in response.content.decode()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="baru").exists()


def test_organization_and_unit_names_refuse_them_in_the_admin_forms():
    from django.core.exceptions import ValidationError

    from sigap.orgs.models import Organization, Unit

    for model in (Organization, Unit):
        with pytest.raises(ValidationError):
            model._meta.get_field("name").run_validators("Dinas\u202eSosial")


@pytest.mark.parametrize("lane", ["x" * 51, "bukan-pelaksana", "pemohon"])
def test_a_lane_not_of_the_sop_is_refused_with_a_message(client, magetan_staff, lane):
    from sigap.cases.models import LaneAssignment
    from sigap.orgs.models import Position

    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    position = Position.objects.get(organization__slug="magetan", code="kadis")
    data = {"sop": "surat-keterangan-terdaftar-dtks", "lane": lane, "positions": [position.pk]}
    response = client.post("/magetan/pengaturan/pelaksana/", data, follow=True)
    assert (
        response.status_code == 200 and "Pelaksana ini bukan pelaksana internal SOP ini." in response.content.decode()
    )
    assert not LaneAssignment.objects.exists()


# 4. Files read by management commands (sop_import): lengths and names checked with the file's line --------------


def sop_file_problems(text: str) -> list:
    from sigap.sop.sopfile import SopFileError, load_text

    with pytest.raises(SopFileError) as info:
        load_text(text, "sops/contoh.yaml")
    return info.value.problems


SOP_FILE = """\
sop:
  instansi: magetan
  kode: contoh
  bidang: linjamsos
  status: draf
  nama: CONTOH
  pelaksana:
    - kode: pemohon
      nama: Pemohon
      jenis: pemohon
  langkah:
    - nomor: 1
      jenis: mulai
      uraian: Pemohon datang
      pelaksana: pemohon
      waktu: 5 Menit
      lanjut: 2
    - nomor: 2
      jenis: selesai
      uraian: Selesai
      pelaksana: pemohon
"""


def test_an_sop_file_with_values_longer_than_their_columns_names_each():
    from sigap.sop.sopfile import load_text

    load_text(SOP_FILE, "sops/contoh.yaml")  # the file itself is valid
    text = SOP_FILE.replace("nama: CONTOH", "nama: " + "C" * 301)
    text = text.replace("      lanjut: 2", "      lanjut: 2\n      output: " + "o" * 301)
    problems = {(p.field, p.line): p.message for p in sop_file_problems(text)}
    assert problems == {
        ("nama", 6): "paling banyak 300 karakter (sekarang 301)",
        ("langkah 1.output", 18): "paling banyak 300 karakter (sekarang 301)",
    }


def test_an_sop_file_with_a_bidi_override_in_a_lane_name_is_refused():
    text = SOP_FILE.replace("      nama: Pemohon", '      nama: "Pemo\\u202Ehon"')
    [problem] = sop_file_problems(text)
    assert problem.field == "pelaksana[1].nama" and "karakter pengatur arah teks" in problem.message


def test_an_sop_file_with_a_lane_code_longer_than_its_column_is_refused():
    code = "p" * 51
    text = SOP_FILE.replace("- kode: pemohon", f"- kode: {code}").replace("pelaksana: pemohon", f"pelaksana: {code}")
    problems = {(p.field, p.message) for p in sop_file_problems(text)}
    too_long = "paling banyak 50 karakter (sekarang 51)"
    assert ("pelaksana[1].kode", too_long) in problems and ("langkah 1.pelaksana", too_long) in problems


def test_a_letter_template_file_with_a_title_longer_than_its_column_is_refused(shipped_sops):
    from sigap.letters.letterfile import LetterFileError, load_text

    text = """\
surat:
  instansi: magetan
  templat:
    - kode: surat-uji
      jenis: Surat Uji
      sop: surat-keterangan-terdaftar-dtks
      langkah_penyiapan: 4
      langkah_tandatangan: 5
      klasifikasi: "499.1"
      judul: JUDUL
      isi: <p>Untuk {{ nama_pemohon }}.</p>
"""
    load_text(text, "surat/uji.yaml")  # valid as it is
    with pytest.raises(LetterFileError) as refused:
        load_text(text.replace("judul: JUDUL", "judul: " + "J" * 201), "surat/uji.yaml")
    assert "paling banyak 200 karakter (sekarang 201)" in str(refused.value)
