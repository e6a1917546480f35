"""What an attacker would try on letters: the full NIK's placeholder where it does not belong, values and
template bodies built to print it or to run in a reader's browser, templates that read the server's files,
"Buat ulang draf" where it is not allowed, and signing by a position the template does not name."""

import io

import pypdf
import pytest

from sigap.cases import corrections
from sigap.cases import services as case_services
from sigap.letters import rendering, services
from sigap.letters.models import Letter, LetterTemplate
from sigap.orgs.models import Organization
from tests.factories import NIK, decode_qr, dtks_to_signing, login, make_staff, open_case, pdf_text, run, step_now

DTKS = "surat-keterangan-terdaftar-dtks"
EDIT_URL = f"/magetan/surat/templat/{DTKS}/"


@pytest.fixture
def admin(magetan_staff):
    return make_staff("magetan", "sekretaris", "admin-surat", admin=True)


def nik_free(text: str) -> bool:
    return NIK not in text.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    "body",
    ["<p>{{ nik }}</p>", "<p>{{nik}}</p>", "<p>{{   nik\t}}</p>", "<p>{{\nnik\n}}</p>", "{{ nama_pemohon }}{{ nik }}"],
)
def test_the_full_nik_placeholder_is_refused_by_the_template_edit_page(client, admin, body):
    before = LetterTemplate.objects.get(code=DTKS).body
    login(client, admin)
    for extra in ({}, {"pratinjau": "1"}):
        data = {"title": "Surat Keterangan", "body": body, "to_other_agency": "on", "kepada_instansi_lain": "1"}
        response = client.post(EDIT_URL, {**data, **extra})  # the flag is the template's, never the form's
        assert response.status_code == 200 and "instansi lain" in response.content.decode()
        assert nik_free(response.content.decode())
    assert LetterTemplate.objects.get(code=DTKS).body == before


def test_templates_are_edited_by_their_own_administrators_only(client, magetan_staff, admin):
    before = LetterTemplate.objects.get(code=DTKS).body
    data = {"title": "X", "body": "<p>diubah</p>"}
    for user in (magetan_staff["kadis"], magetan_staff["loket"]):  # members, not administrators
        login(client, user)
        assert client.post(EDIT_URL, data).status_code == 404
    other_admin = make_staff("bangkalan", "staf-linjamsos", "adm-bkl", admin=True)
    login(client, other_admin)
    assert client.post(EDIT_URL, data).status_code == 404
    assert client.post(f"/bangkalan/surat/templat/{DTKS}/", data).status_code == 404  # Magetan's code
    assert LetterTemplate.objects.get(code=DTKS).body == before


def test_braces_around_an_empty_value_never_spell_the_full_nik(client, magetan_staff, admin):
    """`{{{{ alamat_pemohon }} nik }}` passes the placeholder check; with an empty address it reads
    "{{ nik }}" once filled. A letter not addressed to another agency never prints the full NIK anyway."""
    body = "<p>A: {{{{ alamat_pemohon }} nik }}</p><p>N: {{ nama_pemohon }}</p>"
    login(client, admin)
    assert client.post(EDIT_URL, {"title": "Surat Keterangan", "body": body}).status_code == 302
    case = open_case(magetan_staff, DTKS)
    corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=magetan_staff["loket"],
        applicant_name="{{ nik }} {{nik}} }}{{",
        address="",
        reason="uji",
    )
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    draft = Letter.objects.get(case=case)
    login(client, magetan_staff["kadis"])
    for url in (
        f"/magetan/surat/{draft.code}/pratinjau/",
        f"/magetan/surat/{draft.code}/",
        f"/magetan/permohonan/{case.code}/",
    ):
        assert nik_free(client.get(url).content.decode()), url
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    text = pdf_text(letter)
    assert nik_free(text) and "{{ nik }} {{nik}} }}{{" in text
    assert nik_free(letter.html)


def test_an_applicant_named_like_the_placeholder_prints_the_nik_only_where_the_template_does(magetan_staff):
    case = open_case(magetan_staff, "reaktifasi-kartu-pbi-jkn")
    corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=magetan_staff["loket"],
        applicant_name="{{ nik }}",
        reason="uji",
    )
    run(case, magetan_staff["loket"])
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])
    draft = Letter.objects.get(case=case)
    assert draft.template.to_other_agency and nik_free(draft.html)
    run(case, magetan_staff["kadis"])
    text = pdf_text(Letter.objects.get(case=case)).replace(" ", "")
    assert text.count(NIK) == 1 and "Nama:{{nik}}" in text


def test_the_template_preview_never_shows_a_full_nik(client, admin):
    login(client, admin)
    template = LetterTemplate.objects.get(code="surat-reaktivasi-pbi-jkn")
    response = client.post(
        f"/magetan/surat/templat/{template.code}/",
        {"title": template.title, "body": "<p>NIK: {{ nik }} / {{ nik_samaran }}</p>", "pratinjau": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "NIK: 3520********0003 / 3520********0003" in page
    assert "{{ nik }}" not in page.split("srcdoc=")[1]


SCRIPTED = (
    '<p>{{ nama_pemohon }}</p><script>alert(document.cookie)</script><img src="x" onerror="alert(1)">'
    '<p onclick="alert(2)"><a href="javascript:alert(3)">tautan</a></p><svg onload="alert(4)"></svg>'
    '<iframe srcdoc="&lt;script&gt;alert(5)&lt;/script&gt;"></iframe><form action="/keluar/"><button>ok</button></form>'
)
ACTIVE = ("<script", "onerror", "onclick", "onload", "javascript:", "alert(", "<iframe", "<form", "<img")


@pytest.mark.parametrize("saved_by", ["service", "row"])
def test_script_in_a_template_body_never_reaches_a_readers_page(client, magetan_staff, admin, saved_by):
    """The template's preview and the letter's preview (opened by signers and by the platform's superusers)
    carry none of it, whether the body went through the edit page or straight into the row."""
    import html

    login(client, admin)
    page = client.post(EDIT_URL, {"title": "Surat Keterangan", "body": SCRIPTED, "pratinjau": "1"}).content.decode()
    assert '<iframe class="w-100 border sigap-preview-frame" sandbox srcdoc="' in page
    srcdoc = html.unescape(page.split('srcdoc="')[1].split('"')[0])
    assert "{{ nama_pemohon }}" not in srcdoc and not [bad for bad in ACTIVE if bad in srcdoc]
    if saved_by == "service":
        assert client.post(EDIT_URL, {"title": "Surat Keterangan", "body": SCRIPTED}).status_code == 302
        saved = LetterTemplate.objects.get(code=DTKS).body
        assert "{{ nama_pemohon }}" in saved and not [bad for bad in ACTIVE if bad in saved]
    else:
        LetterTemplate.objects.filter(code=DTKS).update(body=SCRIPTED)
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    login(client, magetan_staff["kadis"])
    preview = client.get(f"/magetan/surat/{draft.code}/pratinjau/")
    content = preview.content.decode()
    assert "tautan" in content and not [bad for bad in ACTIVE if bad in content]
    policy = preview["Content-Security-Policy"]
    assert policy.startswith("sandbox") and "default-src 'none'" in policy and "script-src" not in policy


def _attack_body(port: int, secret) -> str:
    http = f"http://127.0.0.1:{port}"
    return (
        "<p>{{ nama_pemohon }}</p>"
        '<a rel="attachment" href="var/keys/bangkalan.key.pem">kunci kantor lain</a>'
        '<link rel="attachment" href="var/sigap.sqlite3">'
        f'<a rel="attachment" href="file://{secret}">lampiran</a><link rel="attachment" href="{secret}">'
        f'<img src="file://{secret}"><img src="file:///etc/hostname"><img src="{http}/gambar.png">'
        f'<link rel="stylesheet" href="{http}/gaya.css"><style>@import url("{http}/impor.css");</style>'
        f'<p style="background-image: url({http}/latar.png)">teks</p><base href="file:///">'
        f'<svg><image href="{http}/svg.png" width="9" height="9"/></svg><iframe src="{http}/bingkai"></iframe>'
    )


@pytest.mark.parametrize("saved_by", ["service", "row"])
def test_a_template_cannot_embed_a_file_of_the_server_or_fetch_an_address_in_the_signed_pdf(
    magetan_staff, tmp_path, saved_by
):
    """Through the service (sanitized on save) and written straight into the row (Django admin, a body saved
    before the allow-list): the signed PDF embeds no file and the server makes no request."""
    from django.core.files.base import ContentFile

    from tests.factories import listener, pdf_embedded_files, png_bytes

    secret = tmp_path / "rahasia.txt"
    secret.write_text("KUNCI-RAHASIA-SERVER")
    template = LetterTemplate.objects.get(code=DTKS)
    magetan = template.organization
    magetan.logo.save("kop.png", ContentFile(png_bytes(30, 20)))  # the letterhead's logo still prints
    with listener() as (port, connections):
        body = _attack_body(port, secret)
        if saved_by == "service":
            services.letter_template_save(template=template, user=None, title=template.title, body=body)
            template.refresh_from_db()
            assert "attachment" not in template.body and "127.0.0.1" not in template.body
        else:
            LetterTemplate.objects.filter(pk=template.pk).update(body=body)
        case = dtks_to_signing(magetan_staff)
        run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    with letter.pdf.open("rb") as handle:
        raw = handle.read()
    assert connections == []
    assert pdf_embedded_files(raw) == [] and b"KUNCI-RAHASIA-SERVER" not in raw
    reader = pypdf.PdfReader(io.BytesIO(raw))
    sizes = [img.image.size for page in reader.pages for img in page.images]
    assert sizes == [(30, 20)]  # the logo only (the QR code is drawn, not an image); it reads:
    assert decode_qr(letter) == [rendering.verification_url(letter)]


# "Buat ulang draf" -----------------------------------------------------------------------------------------------


def _rejected(staff):
    case = dtks_to_signing(staff)
    services.letter_reject(
        organization=case.organization, task_id=step_now(case).pk, user=staff["kadis"], reason="Nama salah eja"
    )
    return case, Letter.objects.get(case=case, status="ditolak")


def regenerate_url(letter, slug="magetan"):
    return f"/{slug}/surat/{letter.code}/buat-ulang/"


def test_regenerating_is_refused_to_those_who_may_not(client, magetan_staff):
    case, rejected = _rejected(magetan_staff)
    login(client, magetan_staff["kadis"])  # reads the case, does not work step 4
    page = client.post(regenerate_url(rejected), follow=True).content.decode()
    assert "Draf hanya dapat dibuat ulang" in page
    for user in ("sekretariat", "rehsos", "kabid_rehsos"):  # members of other lanes do not even read it
        login(client, magetan_staff[user])
        assert client.post(regenerate_url(rejected)).status_code == 404, user
    for user, slug in (("bangkalan", "magetan"), ("bangkalan", "bangkalan"), ("jatim", "jatim")):
        login(client, magetan_staff[user])
        assert client.post(regenerate_url(rejected, slug)).status_code == 404
    with pytest.raises(case_services.CaseError, match="tidak ditemukan"):
        services.letter_draft_regenerate(
            organization=Organization.objects.get(slug="bangkalan"), code=rejected.code, user=magetan_staff["bangkalan"]
        )
    login(client, magetan_staff["loket"])
    assert client.get(regenerate_url(rejected)).status_code == 405
    assert not Letter.objects.filter(case=case, status="draf").exists()


def test_regenerating_twice_makes_one_draft(magetan_staff):
    case, rejected = _rejected(magetan_staff)
    organization = case.organization
    services.letter_draft_regenerate(organization=organization, code=rejected.code, user=magetan_staff["loket"])
    with pytest.raises(case_services.CaseError, match="Draf hanya dapat dibuat ulang"):
        services.letter_draft_regenerate(organization=organization, code=rejected.code, user=magetan_staff["loket"])
    assert Letter.objects.filter(case=case, status="draf").count() == 1


def test_only_a_rejected_letter_is_regenerated(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    login(client, magetan_staff["loket"])
    assert "Draf hanya dapat dibuat ulang" in client.post(regenerate_url(draft), follow=True).content.decode()
    run(case, magetan_staff["kadis"])
    signed = Letter.objects.get(case=case)
    for user in ("loket", "kadis"):
        login(client, magetan_staff[user])
        assert "Draf hanya dapat dibuat ulang" in client.post(regenerate_url(signed), follow=True).content.decode()
    assert Letter.objects.filter(case=case).count() == 1 and Letter.objects.get(case=case).status == "sah"
    assert client.post("/magetan/surat/TIDAK-ADA-0000/buat-ulang/").status_code == 404
    assert client.post("/magetan/surat/" + "X" * 3000 + "/buat-ulang/").status_code == 404


# Signing ---------------------------------------------------------------------------------------------------------


def test_a_position_the_template_does_not_name_never_signs(magetan_staff):
    from django.contrib.auth import get_user_model

    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    superuser = get_user_model().objects.create_superuser("akar", password="x")
    jatim_head = make_staff("jatim", "kadis", "kadis-jatim")
    admin = make_staff("magetan", "sekretaris", "adm-magetan", admin=True)
    for signer in (
        magetan_staff["kabid_rehsos"],
        magetan_staff["sekretariat"],
        magetan_staff["loket"],
        magetan_staff["bangkalan"],
        jatim_head,
        admin,
        superuser,
        None,
    ):
        with pytest.raises(case_services.CaseError, match="tidak berwenang"):
            services.letter_issue(letter=draft, signer=signer)
    draft.refresh_from_db()
    assert draft.status == "draf" and not draft.number and not draft.pdf


def test_the_provinces_decree_is_not_signed_by_the_kabupaten(magetan_staff):
    s = magetan_staff
    case = open_case(s, "pelayanan-proses-adopsi-anak")
    for user, decision in ((s["rehsos"], None),) * 3 + (
        (s["rehsos"], True),
        (s["kabid_rehsos"], None),
        (s["rehsos"], None),
    ):
        run(case, user, decision=decision)
    jatim_head = make_staff("jatim", "kadis", "kadis-jatim")
    run(case, s["jatim"])  # 8
    run(case, s["jatim"])  # 9: the SK's draft
    sk = Letter.objects.get(case=case, template__code="sk-pengangkatan-anak", status="draf")
    for signer in (s["kadis"], s["kabid_rehsos"], s["jatim"]):
        with pytest.raises(case_services.CaseError, match="tidak berwenang"):
            services.letter_issue(letter=sk, signer=signer)
    assert services.letter_issue(letter=sk, signer=jatim_head).status == "sah"


def test_a_correction_of_a_signed_letter_is_signed_by_its_position_only(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    login(client, magetan_staff["kabid_rehsos"])  # head of another unit: may not revoke or correct
    assert client.post(f"/magetan/surat/{letter.code}/cabut/", {"reason": "x", "koreksi": "1"}).status_code == 404
    with pytest.raises(case_services.CaseError, match="tidak berwenang"):
        services.letter_correct(letter=letter, by=magetan_staff["kabid_rehsos"], reason="x")
    assert Letter.objects.filter(case=case).count() == 1 and Letter.objects.get(case=case).status == "sah"


def test_a_worker_of_the_signing_step_who_may_not_sign_cannot_reject_the_draft(client, magetan_staff):
    """The administrator lets the counter staff record the signing step: they may not sign, so they may not
    send the draft back either (permissions.may_reject_draft), through the page or the service."""
    from sigap.orgs.models import Position

    s = magetan_staff
    case = dtks_to_signing(s)
    magetan = case.organization
    positions = Position.objects.filter(organization=magetan, code__in=["kadis", "kabid-linjamsos", "staf-linjamsos"])
    case_services.lane_assignment_set(
        organization=magetan, sop=case.sop, lane_code="pimpinan", position_ids=[p.pk for p in positions]
    )
    task = step_now(case)
    login(client, s["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Tolak draf" not in page
    client.post(f"/magetan/permohonan/{case.code}/tugas/{task.pk}/tolak-draf/", {"reason": "saya tolak"})
    with pytest.raises(case_services.CaseError, match="tidak berwenang"):
        services.letter_reject(organization=magetan, task_id=task.pk, user=s["loket"], reason="saya tolak")
    assert Letter.objects.get(case=case).status == "draf" and step_now(case).pk == task.pk
    services.letter_reject(organization=magetan, task_id=task.pk, user=s["kadis"], reason="Nama salah eja")
    assert Letter.objects.get(case=case).status == "ditolak"


@pytest.mark.parametrize(
    "url",
    ["/magetan/surat/%00/", "/magetan/surat/%00/pratinjau/", "/magetan/surat/A%00B/buat-ulang/", "/v/%00", "/v/x%00y"],
)
def test_a_nul_in_a_letter_code_is_refused(client, magetan_staff, url):
    login(client, magetan_staff["kadis"])
    response = client.post(url) if "buat-ulang" in url else client.get(url)
    assert response.status_code == 400 and "karakter kendali" in response.content.decode()


def test_revoking_is_refused_by_the_service_itself_to_who_may_not(magetan_staff):
    """The page asks may_revoke, and so does the service: a caller that skips the page is refused too."""
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    for outsider in (magetan_staff["loket"], magetan_staff["kabid_rehsos"]):
        with pytest.raises(case_services.CaseError, match="tidak berwenang"):
            services.letter_revoke(letter=letter, by=outsider, reason="x")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.VALID
