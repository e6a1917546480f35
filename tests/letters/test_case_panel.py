"""The letters panel in the case page's slot, regenerating a rejected draft, and refusals said on the page."""

from sigap.cases import panels
from sigap.cases.models import Case
from sigap.letters import services
from sigap.letters.models import Letter
from tests.factories import dtks_to_signing, login, run, step_now


def test_a_registered_panel_is_shown_on_the_case_page(client, magetan_staff, tmp_path, settings):
    (tmp_path / "extra_panel.html").write_text("<p id='extra'>{{ panel.word }} {{ case.code }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    def extra(*, request, organization, case, task):
        return panels.PanelContent(context={"word": "halo"}, links=[panels.PanelLink("Tautan uji", "/uji/")])

    case = dtks_to_signing(magetan_staff)
    panels.register_case_panel("extra_panel.html", extra)
    try:
        page = login(client, magetan_staff["loket"]).get(f"/magetan/permohonan/{case.code}/").content.decode()
    finally:
        panels._panels.remove(("extra_panel.html", extra))
    assert f"<p id='extra'>halo {case.code}</p>" in page and 'href="/uji/">Tautan uji</a>' in page


def test_the_letters_panel_gives_the_signing_button_and_the_archive(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    page = login(client, magetan_staff["kadis"]).get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'id="surat"' in page and "Setujui dan tandatangani" in page and "Tolak draf" in page
    assert f'href="/magetan/permohonan/{case.code}/arsip.zip"' in page
    run(case, magetan_staff["kadis"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'data-letter-status="sah"' in page and "400.9/1/403.107/2026" in page


def test_the_signing_note_names_the_button_the_signer_sees(client, magetan_staff):
    """The note above the button quotes its label ("Setujui dan tandatangani"), not "Selesai", in both languages."""
    case = dtks_to_signing(magetan_staff)
    login(client, magetan_staff["kadis"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "“Setujui dan tandatangani” menyetujui draf" in page and "“Selesai”" not in page
    assert '<button class="btn btn-success" type="submit">Setujui dan tandatangani</button>' in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "“Approve and sign” approves the draft" in page and ">Approve and sign</button>" in page


def _rejected(staff):
    case = dtks_to_signing(staff)
    services.letter_reject(
        organization=case.organization, task_id=step_now(case).pk, user=staff["kadis"], reason="Nama salah eja"
    )
    assert step_now(case).step_number == 4
    return case, Letter.objects.get(case=case, status="ditolak")


def test_a_rejected_draft_is_made_again_from_the_corrected_case(client, magetan_staff):
    case, rejected = _rejected(magetan_staff)
    Case.objects.filter(pk=case.pk).update(applicant_name="Siti Koreksi")  # the case data corrected
    login(client, magetan_staff["loket"])
    page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert "Buat ulang draf" in page
    response = client.post(f"/magetan/surat/{rejected.code}/buat-ulang/", follow=True)
    assert "Draf baru dibuat" in response.content.decode()
    draft = Letter.objects.get(case=case, status="draf")
    assert "Siti Koreksi" in draft.html and draft.applicant_initials == "S.K."
    rejected.refresh_from_db()
    assert rejected.status == "ditolak" and "Siti Contoh" in rejected.html  # kept in the history
    again = client.post(f"/magetan/surat/{rejected.code}/buat-ulang/", follow=True).content.decode()
    assert "Draf hanya dapat dibuat ulang" in again
    assert Letter.objects.filter(case=case).count() == 2
    run(case, magetan_staff["loket"])  # 4 again: the same draft, refreshed
    run(case, magetan_staff["kadis"])  # 5: signed
    assert Letter.objects.get(case=case, status="sah").pk == draft.pk


def test_only_the_preparing_steps_workers_make_a_draft_again(client, magetan_staff):
    case, rejected = _rejected(magetan_staff)
    login(client, magetan_staff["kadis"])  # reads the case, does not work step 4
    response = client.post(f"/magetan/surat/{rejected.code}/buat-ulang/", follow=True)
    assert "Draf hanya dapat dibuat ulang" in response.content.decode()
    assert not Letter.objects.filter(case=case, status="draf").exists()


def test_revoking_or_correcting_without_a_reason_says_why_on_the_page(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    letter = Letter.objects.get(case=case)
    login(client, magetan_staff["kadis"])
    url = f"/magetan/surat/{letter.code}/cabut/"
    for reason in ("", "   "):
        page = client.post(url, {"reason": reason}, follow=True).content.decode()
        assert "Sebutkan alasan pencabutan." in page
    page = client.post(url, {"reason": " ", "koreksi": "1"}, follow=True).content.decode()
    assert "Sebutkan alasan koreksi." in page
    page = client.post(url, {"reason": "x" * 1001}, follow=True).content.decode()
    assert "1000" in page
    letter.refresh_from_db()
    assert letter.status == "sah" and Letter.objects.filter(case=case).count() == 1
