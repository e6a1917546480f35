"""Signing over the web asks for a fresh code of the signer's second factor, in the signing form itself."""

from django.urls import reverse

from sigap.letters.models import Letter
from sigap.orgs import second_factor
from tests.factories import dtks_to_signing, login, otp_code, run, step_now


def _sign(client, case, **extra):
    url = reverse("cases:complete", args=["magetan", case.code, step_now(case).pk])
    response = client.post(url, extra)
    return client.get(response["Location"]).content.decode()


def test_the_signing_form_asks_for_the_code(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    page = login(client, magetan_staff["kabid"]).get(f"/magetan/permohonan/{case.code}/").content.decode()
    assert 'name="kode_otp" autocomplete="one-time-code" inputmode="numeric"' in page
    other = dtks_to_signing(magetan_staff, now=case.opened_at.replace(hour=10))
    page = login(client, magetan_staff["loket"]).get(f"/magetan/permohonan/{other.code}/").content.decode()
    assert 'name="kode_otp"' not in page  # who may not sign is not asked


def test_signing_without_a_fresh_code_is_refused(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    page = _sign(login(client, magetan_staff["kabid"]), case)  # a session that gave its code at sign-in
    assert "Masukkan kode autentikator Anda untuk menandatangani surat ini." in page
    assert Letter.objects.get(case=case).status == Letter.Status.DRAFT
    assert step_now(case).step_number == 5  # the step waits, nothing was numbered


def test_signing_with_a_wrong_code_is_refused(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    page = _sign(login(client, magetan_staff["kabid"]), case, kode_otp="000000")
    assert "Kode salah atau sudah dipakai" in page
    assert Letter.objects.get(case=case).status == Letter.Status.DRAFT


def test_signing_with_the_code_in_the_form_succeeds(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    code = otp_code(magetan_staff["kabid"])
    page = _sign(login(client, magetan_staff["kabid"]), case, kode_otp=f"{code[:3]} {code[3:]}")
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.VALID and letter.signer == magetan_staff["kabid"]
    assert 'data-letter-status="sah"' in page


def test_a_code_of_another_user_does_not_sign(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    second_factor.set_authenticator(magetan_staff["kadis"], key_hex=(b"another secret 12345").hex())
    code = otp_code(magetan_staff["kadis"])  # the head of office's app, typed into the head of unit's session
    assert code != otp_code(magetan_staff["kabid"])
    _sign(login(client, magetan_staff["kabid"]), case, kode_otp=code)
    assert Letter.objects.get(case=case).status == Letter.Status.DRAFT


def test_a_correction_letter_is_signed_with_a_fresh_code_only(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])  # signed outside a request (a service call): not asked
    letter = Letter.objects.get(case=case, status=Letter.Status.VALID)
    login(client, magetan_staff["kadis"])
    url = reverse("letters:revoke", args=["magetan", letter.code])
    page = client.post(url, {"reason": "Salah tulis", "koreksi": "1"}, follow=True).content.decode()
    assert "Masukkan kode autentikator Anda" in page
    assert not Letter.objects.filter(replaces=letter).exists()
    client.post(url, {"reason": "Salah tulis", "koreksi": "1", "kode_otp": otp_code(magetan_staff["kadis"])})
    assert Letter.objects.get(replaces=letter).status == Letter.Status.VALID
