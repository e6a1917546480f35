"""Who signs: the position the template names, or a head of unit "a.n." where the organization allows it;
the signature block carries name, rank and NIP. A letter to another agency carries the full NIK in its PDF only."""

import pytest

from sigap.cases import services as case_services
from sigap.cases.models import Task
from sigap.letters import permissions, placeholders, services
from sigap.letters.models import Letter, LetterTemplate
from sigap.letters.templatefile import TemplateFileError, template_fields
from sigap.orgs.models import Membership, Organization, Position
from tests.factories import NIK, dtks_to_signing, login, open_case, pdf_text, run, step_now


def _identity(user, *, nip: str, rank: str):
    Membership.objects.filter(user=user).update(nip=nip, rank=rank)


def test_the_staff_member_who_records_the_signing_step_cannot_sign(magetan_staff):
    s = magetan_staff
    magetan = Organization.objects.get(slug="magetan")
    case = dtks_to_signing(s)
    staff_position = Position.objects.get(organization=magetan, code="staf-linjamsos")
    signers = list(Position.objects.filter(organization=magetan, code__in=["kadis", "kabid-linjamsos"]))
    # The administrator lets the counter staff record the signing step too: they still may not sign.
    case_services.lane_assignment_set(
        organization=magetan,
        sop=case.sop,
        lane_code="pimpinan",
        position_ids=[staff_position.pk, *(p.pk for p in signers)],
    )
    draft = Letter.objects.get(case=case)
    assert not permissions.may_sign(s["loket"], draft)
    with pytest.raises(case_services.CaseError) as refusal:
        run(case, s["loket"])
    message = str(refusal.value)
    assert "tidak berwenang menandatangani Surat Keterangan Terdaftar DTKS" in message
    assert "Kepala Dinas Sosial Kabupaten Magetan" in message and "a.n." in message
    draft.refresh_from_db()
    assert draft.status == "draf" and not draft.number  # nothing signed, no number used
    assert step_now(case).step_number == 5


def test_the_refusal_is_shown_on_the_case_page(client, magetan_staff):
    s = magetan_staff
    magetan = Organization.objects.get(slug="magetan")
    case = dtks_to_signing(s)
    positions = Position.objects.filter(organization=magetan, code__in=["kadis", "kabid-linjamsos", "staf-linjamsos"])
    case_services.lane_assignment_set(
        organization=magetan, sop=case.sop, lane_code="pimpinan", position_ids=[p.pk for p in positions]
    )
    task = step_now(case)
    login(client, s["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Anda tidak berwenang menandatanganinya" in page and "Setujui dan tandatangani" not in page
    response = client.post(f"/magetan/permohonan/{case.code}/tugas/{task.pk}/selesai/", follow=True)
    assert "tidak berwenang menandatangani" in response.content.decode()
    assert Letter.objects.get(case=case).status == "draf"


def test_the_head_of_office_signs_with_name_rank_and_nip(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    assert letter.signer_position == "Kepala Dinas Sosial Kabupaten Magetan" and not letter.on_behalf_of
    text = pdf_text(letter)
    assert "PARMINTO BUDI UTOMO" in text and "Pembina Tk. I" in text and "NIP. 19721221 199302 1 002" in text
    assert "a.n." not in text


def test_a_head_of_unit_signs_on_behalf_of_the_head_of_office_where_allowed(magetan_staff):
    kabid = magetan_staff["kabid"]
    kabid.first_name, kabid.last_name = "Dewi", "Contoh"
    kabid.save()
    _identity(kabid, nip="19800101 200501 2 001", rank="Pembina (IV/a)")
    case = dtks_to_signing(magetan_staff)
    run(case, kabid)
    letter = Letter.objects.get(case=case)
    assert letter.on_behalf_of == "Kepala Dinas Sosial Kabupaten Magetan"
    assert letter.signer_position == "Kepala Bidang Perlindungan dan Jaminan Sosial"
    text = pdf_text(letter)
    assert "a.n. Kepala Dinas Sosial Kabupaten Magetan Kepala Bidang Perlindungan dan Jaminan Sosial" in text
    assert "Dewi Contoh" in text and "Pembina (IV/a)" in text and "NIP. 19800101 200501 2 001" in text


def test_without_the_organizations_leave_a_head_of_unit_may_not_sign_for_the_head_of_office(magetan_staff):
    Organization.objects.filter(slug="magetan").update(signs_on_behalf=False)
    case = dtks_to_signing(magetan_staff)
    with pytest.raises(case_services.CaseError, match="ditandatangani oleh Kepala Dinas Sosial Kabupaten Magetan\\."):
        run(case, magetan_staff["kabid"])
    assert Letter.objects.get(case=case).status == "draf"
    run(case, magetan_staff["kadis"])
    assert Letter.objects.get(case=case).status == "sah"


def test_the_head_of_another_unit_may_not_sign_on_behalf(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    assert permissions.may_sign(magetan_staff["kabid"], draft)
    assert not permissions.may_sign(magetan_staff["kabid_rehsos"], draft)
    assert not permissions.may_sign(magetan_staff["sekretariat"], draft)


def test_a_decree_of_the_province_is_signed_by_its_head_only(magetan_staff):
    sk = LetterTemplate.objects.get(code="sk-pengangkatan-anak")
    assert sk.signer_position.code == "kadis" and sk.signer_position.organization.slug == "jatim"
    assert not sk.organization.signs_on_behalf


def _pbi_to_signing(staff):
    case = open_case(staff, "reaktifasi-kartu-pbi-jkn")
    run(case, staff["loket"])  # 2: the officer checks the file
    run(case, staff["loket"], decision=True)  # 3: BPJS confirms (recorded by the officer)
    run(case, staff["loket"])  # 5: prepares the letter -> draft for step 6
    return case


def test_a_letter_to_another_agency_carries_the_full_nik_in_its_signed_pdf_only(client, magetan_staff):
    case = _pbi_to_signing(magetan_staff)
    draft = Letter.objects.get(case=case)
    assert draft.template.to_other_agency and step_now(case).step_number == 6
    login(client, magetan_staff["kadis"])
    preview = client.get(f"/magetan/surat/{draft.code}/pratinjau/").content.decode()
    assert NIK not in preview and "3520********0003" in preview
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    assert NIK in pdf_text(letter).replace(" ", "")
    stored = [letter.html, letter.nik_masked, letter.note, letter.kind, letter.applicant_initials]
    assert all(NIK not in value for value in stored)
    for url in (
        f"/magetan/surat/{letter.code}/",
        f"/magetan/surat/{letter.code}/pratinjau/",
        f"/magetan/permohonan/{case.code}/",
    ):
        page = client.get(url).content.decode()
        assert NIK not in page, url
    assert "3520********0003" in client.get(f"/magetan/surat/{letter.code}/pratinjau/").content.decode()
    public = client.get(f"/v/{letter.code}").content.decode()
    assert NIK not in public


def test_a_letter_to_the_applicant_never_prints_the_full_nik(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    assert NIK not in pdf_text(Letter.objects.get(case=case)).replace(" ", "")


def test_the_full_nik_placeholder_is_refused_outside_letters_to_another_agency(magetan_staff):
    template = LetterTemplate.objects.get(code="surat-keterangan-terdaftar-dtks")
    with pytest.raises(placeholders.PlaceholderError, match="instansi lain"):
        services.letter_template_save(template=template, user=None, title="X", body="<p>{{ nik }}</p>")
    item = {
        "isi": "<p>{{ nik }}</p>",
        "jenis": "X",
        "langkah_tandatangan": 5,
        "langkah_penyiapan": 4,
        "klasifikasi": "400.9",
        "judul": "X",
    }
    with pytest.raises(TemplateFileError, match="instansi lain"):
        template_fields(item, organization=template.organization, sop=template.sop)
    assert template_fields({**item, "kepada_instansi_lain": True}, organization=template.organization, sop=template.sop)
    with pytest.raises(TemplateFileError, match='jabatan "bupati"'):
        template_fields(
            {**item, "isi": "<p>x</p>", "penandatangan": "bupati"}, organization=template.organization, sop=template.sop
        )


def test_a_value_that_looks_like_the_nik_placeholder_stays_text(magetan_staff):
    filled = placeholders.fill("<p>{{ nama_pemohon }}</p>", {"nama_pemohon": "{{ nik }}"}, to_other_agency=True)
    assert placeholders.show_nik(filled, NIK) == filled and NIK not in filled


def test_an_open_task_stays_with_the_refused_signer_unchanged(magetan_staff):
    case = dtks_to_signing(magetan_staff)
    Organization.objects.filter(slug="magetan").update(signs_on_behalf=False)
    with pytest.raises(case_services.CaseError):
        run(case, magetan_staff["kabid"])
    assert case.tasks.get(step_number=5).state in Task.ACTIVE
