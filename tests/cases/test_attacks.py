"""What an attacker would try on the case engine's newer ways in: uploaded files and their download view,
uploads themselves, corrections of an open case, and the counter form's duplicate protection."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases import corrections, services
from sigap.cases.errors import CaseError
from sigap.cases.models import Attachment, Case, CaseEvent
from sigap.cases.opening import Requirement
from sigap.cases.uploads import UploadError, check_upload
from sigap.orgs.models import Organization
from tests.factories import NIK, login, make_staff, open_case, pdf_bytes, png_bytes, run, step_now

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def with_file(staff, name, content, code="surat-keterangan-terdaftar-dtks", **kwargs):
    return open_case(
        staff,
        code,
        requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile(name, content))],
        **kwargs,
    )


def bangkalan_case(**kwargs):
    """A case of Bangkalan (its DTKS SOP established for the test) opened by a Bangkalan officer."""
    from sigap.sop.models import Sop, SopVersion

    SopVersion.objects.filter(sop__organization__slug="bangkalan", sop__code="surat-keterangan-dtks").update(
        status=Sop.Status.ESTABLISHED
    )
    staff = {"loket": make_staff("bangkalan", "staf-linjamsos", "bkl-loket")}
    if kwargs:
        return with_file(staff, "ktp.pdf", pdf_bytes(), "surat-keterangan-dtks", organization="bangkalan"), staff
    return open_case(staff, "surat-keterangan-dtks", organization="bangkalan"), staff


def file_url(case, attachment, slug="magetan"):
    return f"/{slug}/permohonan/{case.code}/berkas/{attachment.pk}/"


# 1. The download view ------------------------------------------------------------------------------------------


def test_an_attachment_is_never_reached_from_another_case_or_organization(client, magetan_staff):
    case = with_file(magetan_staff, "ktp.pdf", pdf_bytes())
    own = case.attachments.get()
    other = with_file(magetan_staff, "ktp.pdf", pdf_bytes(), code="reaktifasi-kartu-pbi-jkn")
    foreign, staff = bangkalan_case(files=True)
    bangkalan_staff = staff["loket"]
    login(client, magetan_staff["loket"])
    assert client.get(file_url(case, own)).status_code == 200
    # Another case's attachment under this case's code, another organization's attachment under ours.
    assert client.get(file_url(case, other.attachments.get())).status_code == 404
    assert client.get(file_url(case, foreign.attachments.get())).status_code == 404
    assert client.get(f"/magetan/permohonan/{foreign.code}/berkas/{foreign.attachments.get().pk}/").status_code == 404
    # A Bangkalan member, under Magetan's slug and under their own.
    login(client, bangkalan_staff)
    assert client.get(file_url(case, own)).status_code == 404
    assert client.get(file_url(case, own, "bangkalan")).status_code == 404
    client.logout()
    response = client.get(file_url(case, own))
    assert response.status_code == 302 and "next=" in response.url


@pytest.mark.parametrize("tail", ["abc", "-1", "1.0", "99999999999999999999999", "9223372036854775808"])
def test_odd_attachment_ids_are_not_found(client, magetan_staff, tail):
    case = with_file(magetan_staff, "ktp.pdf", pdf_bytes())
    login(client, magetan_staff["loket"])
    assert client.get(f"/magetan/permohonan/{case.code}/berkas/{tail}/").status_code == 404


def test_odd_case_codes_are_not_found(client, magetan_staff):
    case = with_file(magetan_staff, "ktp.pdf", pdf_bytes())
    pk = case.attachments.get().pk
    login(client, magetan_staff["loket"])
    for code in ("x" * 5000, "K7QH-2XPM-94TA%20", case.code.lower() + "x"):
        assert client.get(f"/magetan/permohonan/{code}/berkas/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        'ktp"; filename="evil.html.pdf',
        "ktp\r\nSet-Cookie: x=1.pdf",
        "ktp\x00.html.pdf",
        "kartu keluarga Ñoño 漢字.pdf",
        "ktp\u202efdp.html",
        "../../etc/passwd.pdf",
    ],
)
def test_odd_file_names_never_break_the_headers(client, magetan_staff, name):
    case = with_file(magetan_staff, name, pdf_bytes())
    attachment = case.attachments.get()
    assert "\x00" not in attachment.original_name and "\n" not in attachment.original_name
    assert "/" not in attachment.original_name and "\u202e" not in attachment.original_name
    assert not attachment.file.name.endswith(("html", "passwd")) and ".." not in attachment.file.name
    login(client, magetan_staff["loket"])
    for query in ({}, {"unduh": "1"}):
        response = client.get(file_url(case, attachment), query)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert "\n" not in disposition and "\r" not in disposition and "\x00" not in disposition
        # One filename parameter (plain or RFC 5987), and the name the browser saves ends as what was checked.
        assert disposition.count('"') in (0, 2) and "\\" not in disposition
        assert re.search(r"\.pdf\"?$", disposition), disposition
        assert response["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "<script" not in page.split('id="berkas"')[1].split("</ul>")[0]


def test_a_double_extension_is_downloaded_as_what_the_content_is(client, magetan_staff):
    case = with_file(magetan_staff, "ktp.pdf.html", pdf_bytes())
    png_case = with_file(magetan_staff, "foto.png.svg", png_bytes(), code="reaktifasi-kartu-pbi-jkn")
    login(client, magetan_staff["loket"])
    download = client.get(file_url(case, case.attachments.get()), {"unduh": "1"})
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Disposition"].endswith('.pdf"') and download["Content-Type"] == "application/pdf"
    image = client.get(file_url(png_case, png_case.attachments.get()))
    assert image["Content-Type"] == "image/png" and image["Content-Disposition"].endswith('.png"')


def test_a_stored_row_of_another_type_is_never_served_inline(client, magetan_staff):
    """A row written outside check_upload (Django admin, an old import) with an HTML or SVG type."""
    case = with_file(magetan_staff, "ktp.pdf", pdf_bytes())
    attachment = case.attachments.get()
    for content_type, name in (("text/html", "x.html"), ("image/svg+xml", "x.svg"), ("", "x")):
        Attachment.objects.filter(pk=attachment.pk).update(content_type=content_type, original_name=name)
        login(client, magetan_staff["loket"])
        response = client.get(file_url(case, attachment))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "content"), [("x.html", HTML), ("x.svg", SVG), ("x.pdf", b"%PDF-1.4\n" + HTML)])
def test_html_and_svg_are_never_stored(magetan_staff, name, content):
    with pytest.raises(UploadError):
        with_file(magetan_staff, name, content)
    assert not Attachment.objects.exists() and not Case.objects.exists()


def test_a_handed_over_case_shows_its_files_to_the_province_and_nothing_else(client, magetan_staff):
    """docs/architecture.md, Tenancy: the province reads what the hand-over shares of the case, its uploaded
    files included, which the step needs; nothing else of the kabupaten."""
    s = magetan_staff
    case = with_file(s, "ktp.pdf", pdf_bytes(), code="pelayanan-proses-adopsi-anak")
    other = with_file(s, "lain.pdf", pdf_bytes())
    for user, decision in (
        (s["rehsos"], None),
        (s["rehsos"], None),
        (s["rehsos"], None),
        (s["rehsos"], True),
        (s["kabid_rehsos"], None),
        (s["rehsos"], None),
    ):
        run(case, user, decision=decision)
    assert step_now(case).organization.slug == "jatim"
    attachment = case.attachments.get()
    login(client, s["jatim"])
    page = client.get(f"/jatim/permohonan/{case.code}/").content.decode()
    url = file_url(case, attachment, "jatim")
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes()
    # Under Magetan's slug, another Magetan case, another case's file under the handed-over code: 404.
    assert client.get(file_url(case, attachment)).status_code == 404
    assert client.get(file_url(other, other.attachments.get(), "jatim")).status_code == 404
    assert client.get(file_url(case, other.attachments.get(), "jatim")).status_code == 404
    assert client.get(f"/jatim/permohonan/{other.code}/").status_code == 404


# 2. Uploads ----------------------------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ktp.pdf", b"%PDF-1.7\n" + HTML),  # a PDF header on HTML
        ("ktp.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 200),  # a PNG header on garbage
        ("ktp.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 300),  # a JPEG header on nothing
        ("ktp.png", png_bytes()[:40]),  # a PNG cut short
        ("ktp.html", HTML),
        ("ktp.svg", SVG),
        ("ktp.zip", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_files_that_do_not_open_as_what_they_claim_are_refused(name, content):
    with pytest.raises(UploadError):
        check_upload(upload(name, content))


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, format="PNG")  # 144 megapixels in a few hundred KB
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(UploadError, match="tidak dapat dibuka sebagai gambar"):
        check_upload(upload("bom.png", buffer.getvalue()))


def test_an_image_declaring_huge_dimensions_is_refused():
    import struct

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="JPEG")
    jpeg = bytearray(buffer.getvalue())
    frame = jpeg.index(b"\xff\xc0")
    jpeg[frame + 5 : frame + 9] = struct.pack(">HH", 65535, 65535)  # 4.3 gigapixels declared in 300 bytes
    with pytest.raises(UploadError, match="tidak dapat dibuka sebagai gambar"):
        check_upload(upload("besar.jpg", bytes(jpeg)))


def crafted_pdf(*objects: bytes) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@pytest.mark.parametrize(
    "objects",
    [
        # A page tree that contains itself, with and without a page beside it.
        (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"),
        (
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R >>",
        ),
        # Arrays nested a hundred thousand deep.
        (b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100000 + b"]" * 100000 + b" >>",),
    ],
)
def test_crafted_pdfs_are_refused_without_an_error(objects):
    with pytest.raises(UploadError, match="tidak dapat dibuka sebagai PDF"):
        check_upload(upload("x.pdf", crafted_pdf(*objects)))


def test_an_oversized_file_is_refused_before_it_is_read(settings, magetan_staff):
    settings.SIGAP_UPLOAD_MAX_BYTES = 1024
    from django.core.files.uploadedfile import InMemoryUploadedFile

    # The size is what the upload handler counted; the content is never read when it is over the limit.
    big = InMemoryUploadedFile(io.BytesIO(b"%PDF-"), None, "besar.pdf", "application/pdf", 10**9, None)
    with pytest.raises(UploadError, match="terlalu besar"):
        check_upload(big)
    with pytest.raises(UploadError, match="terlalu besar"):
        with_file(magetan_staff, "besar.pdf", b"%PDF-" + b"0" * 4096)
    assert not Attachment.objects.exists() and not Case.objects.exists()


def test_a_refusal_among_good_files_stores_nothing(magetan_staff, settings, tmp_path):
    from pathlib import Path

    with pytest.raises(UploadError):
        open_case(
            magetan_staff,
            "surat-keterangan-terdaftar-dtks",
            requirements=[
                Requirement("Fotokopi KTP pemohon", True, upload("ktp.pdf", pdf_bytes())),
                Requirement("Fotokopi Kartu Keluarga", True, upload("kk.png", b"\x89PNG\r\n\x1a\nrusak")),
            ],
        )
    assert not Attachment.objects.exists() and not Case.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_bad_upload_through_the_counter_form_stores_nothing(client, magetan_staff, settings):
    from pathlib import Path

    login(client, magetan_staff["loket"])
    page = client.get("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/",
        {
            "applicant_name": "Sri Contoh",
            "nik": NIK,
            "token": token,
            "req_0": "on",
            "file_0": SimpleUploadedFile("ktp.pdf.html", b"%PDF-1.4\n" + HTML, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and "tidak dapat dibuka sebagai PDF" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# 3. Corrections ------------------------------------------------------------------------------------------------


@pytest.fixture
def case(magetan_staff):
    return open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")


def correct(case, user, **fields):
    return corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=user,
        **{"applicant_name": "Siti Contoh", "reason": "uji", **fields},
    )


def test_a_correction_through_another_organizations_url_or_id_is_refused(client, magetan_staff, case):
    bangkalan = Organization.objects.get(slug="bangkalan")
    boss = make_staff("bangkalan", "staf-linjamsos", "bkl-admin", admin=True)
    with pytest.raises(CaseError, match="tidak ditemukan"):
        corrections.case_correct_applicant(organization=bangkalan, case_id=case.pk, user=boss, applicant_name="X")
    with pytest.raises(CaseError):
        corrections.case_update_requirements(
            organization=bangkalan, case_id=case.pk, user=boss, requirements=[Requirement("Fotokopi KTP pemohon", 0)]
        )
    # Magetan's staff, naming the case's id in Bangkalan's organization: not theirs either.
    with pytest.raises(CaseError):
        corrections.case_correct_applicant(
            organization=bangkalan, case_id=case.pk, user=magetan_staff["loket"], applicant_name="X"
        )
    login(client, boss)
    for slug in ("magetan", "bangkalan"):
        url = f"/{slug}/permohonan/{case.code}/koreksi/"
        assert client.post(url, {"bagian": "pemohon", "applicant_name": "X"}).status_code == 404
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh" and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_the_province_cannot_correct_a_handed_over_case(client, magetan_staff):
    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    for user, decision in ((s["rehsos"], None),) * 3 + (
        (s["rehsos"], True),
        (s["kabid_rehsos"], None),
        (s["rehsos"], None),
    ):
        run(case, user, decision=decision)
    assert step_now(case).organization.slug == "jatim"
    login(client, s["jatim"])
    assert 'id="koreksi"' not in client.get(f"/jatim/permohonan/{case.code}/").content.decode()
    assert (
        client.post(f"/jatim/permohonan/{case.code}/koreksi/", {"bagian": "pemohon", "applicant_name": "X"}).status_code
        == 404
    )
    with pytest.raises(CaseError):
        corrections.case_correct_applicant(
            organization=Organization.objects.get(slug="jatim"), case_id=case.pk, user=s["jatim"], applicant_name="X"
        )
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh"


def test_a_closed_case_is_not_corrected_by_anyone(client, magetan_staff, case):
    run(case, magetan_staff["loket"], decision=False)
    run(case, magetan_staff["loket"])
    admin = make_staff("magetan", "staf-linjamsos", "adm", admin=True)
    for user in (admin, magetan_staff["kadis"], magetan_staff["loket"]):
        with pytest.raises(CaseError, match="sudah selesai"):
            correct(case, user, applicant_name="Lain")
        with pytest.raises(CaseError, match="sudah selesai"):
            corrections.case_update_requirements(
                organization=case.organization,
                case_id=case.pk,
                user=user,
                requirements=[Requirement("Fotokopi Kartu Keluarga", True, upload("kk.png", png_bytes()))],
            )
        login(client, user)
        client.post(
            f"/magetan/permohonan/{case.code}/koreksi/",
            {"bagian": "kelengkapan", "file_1": upload("kk.png", png_bytes()), "reason": "x"},
        )
    case.refresh_from_db()
    assert case.applicant_name == "Siti Contoh" and not Attachment.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


def test_a_member_who_does_not_work_the_case_cannot_add_files(client, magetan_staff, case):
    outsider = magetan_staff["sekretariat"]
    with pytest.raises(CaseError, match="tidak termasuk petugas"):
        corrections.case_update_requirements(
            organization=case.organization,
            case_id=case.pk,
            user=outsider,
            requirements=[Requirement("Fotokopi Kartu Keluarga", True, upload("kk.png", png_bytes()))],
        )
    login(client, outsider)
    response = client.post(
        f"/magetan/permohonan/{case.code}/koreksi/",
        {"bagian": "kelengkapan", "file_1": upload("kk.png", png_bytes()), "req_1": "on"},
    )
    assert response.status_code == 404  # a case outside the member's lanes is not theirs to read
    assert not Attachment.objects.exists() and not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"applicant_name": "Siti\u202eotnoC"}, "karakter pengatur arah teks"),  # a bidi override: refused
        ({"applicant_name": "<script>alert(1)</script>"}, None),
        ({"applicant_name": "Siti", "nik": "3520014107850003" + "0" * 2000}, "NIK"),
        ({"applicant_name": "Siti", "nik": "٣٥٢٠٠١٤١٠٧٨٥٠٠٠٣"}, "NIK"),  # Arabic-Indic digits
        ({"applicant_name": "Siti", "nik": "3520014107850003\n"}, None),
    ],
)
def test_odd_values_on_the_correction_form(client, magetan_staff, case, data, message):
    login(client, magetan_staff["loket"])
    response = client.post(f"/magetan/permohonan/{case.code}/koreksi/", {"bagian": "pemohon", **data})
    assert response.status_code in (200, 302)
    case.refresh_from_db()
    if message is not None:
        assert response.status_code == 200 and message in response.content.decode()
        assert not case.events.filter(kind=CaseEvent.Kind.CORRECTED).exists()
    assert case.nik == NIK
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "<script>alert(1)</script>" not in page and NIK not in page


def test_the_full_nik_never_appears_in_the_history_or_pages(client, magetan_staff, case):
    new_nik = "3520015507900002"
    event = correct(case, magetan_staff["loket"], nik=new_nik, reason=f"NIK lama {NIK[:4]}")
    back = correct(case, magetan_staff["loket"], nik=NIK)
    for e in (event, back):
        stored = repr(e.data) + e.note
        assert NIK not in stored and new_nik not in stored
        assert all(
            NIK not in c.before + c.after and new_nik not in c.before + c.after for c in corrections.changes_of(e)
        )
    login(client, magetan_staff["loket"])
    for url in (
        f"/magetan/permohonan/{case.code}/",
        f"/magetan/permohonan/{case.code}/koreksi/",
        "/magetan/permohonan/",
    ):
        page = client.get(url).content.decode()
        assert NIK not in page and new_nik not in page


# 5. The counter form's duplicate protection --------------------------------------------------------------------


def counter_form(client, sop="surat-keterangan-terdaftar-dtks", **fields):
    page = client.get(f"/magetan/permohonan/baru/{sop}/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return {"applicant_name": "Sri Contoh", "nik": "3520015507900002", "req_0": "on", "token": token, **fields}


def test_a_forged_code_of_another_case_does_not_lead_to_it(client, magetan_staff, case):
    """The form's tracking code set to an existing case's: not "the same form sent twice"."""
    login(client, magetan_staff["rehsos"])
    data = counter_form(client, sop="reaktifasi-kartu-pbi-jkn", token=case.code)
    response = client.post("/magetan/permohonan/baru/reaktifasi-kartu-pbi-jkn/", data)
    assert response.status_code == 200, "redirected to someone else's case"
    assert "Formulir ini tidak sah" in response.content.decode()
    assert Case.objects.count() == 1
    with pytest.raises(CaseError, match="tidak sah"):
        services.case_open(
            organization=case.organization,
            sop=case.sop,
            opened_by=magetan_staff["loket"],
            applicant_name="Lain Orang",
            nik="3520015507900002",
            code=case.code,
        )


def test_the_same_form_sent_again_still_leads_to_its_case(client, magetan_staff):
    login(client, magetan_staff["loket"])
    data = counter_form(client)
    first = client.post("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/", data)
    again = client.post("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/", data)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert Case.objects.count() == 1


def test_a_code_of_another_organization_is_refused_without_naming_it(client, magetan_staff):
    foreign, _staff = bangkalan_case()
    login(client, magetan_staff["loket"])
    data = counter_form(client, token=foreign.code)
    response = client.post("/magetan/permohonan/baru/surat-keterangan-terdaftar-dtks/", data)
    body = response.content.decode()
    assert response.status_code == 200 and "Formulir ini tidak sah" in body
    assert foreign.applicant_name not in body.replace("Sri Contoh", "")
    assert Case.objects.filter(organization__slug="magetan").count() == 0


@pytest.mark.parametrize("action", ["ambil", "lepas", "selesai"])
@pytest.mark.parametrize("task_id", ["9223372036854775808", "99999999999999999999999"])
def test_a_task_id_beyond_the_database_range_is_not_found(client, magetan_staff, action, task_id):
    """The transitions' lock is a compiled statement: an id no bigint column can hold is simply no task."""
    case = open_case(magetan_staff, "surat-keterangan-terdaftar-dtks")
    login(client, magetan_staff["loket"])
    response = client.post(f"/magetan/permohonan/{case.code}/tugas/{task_id}/{action}/", {"decision": "ya"})
    assert response.status_code == 404
