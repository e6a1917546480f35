"""Two-factor authentication: who must use it, setting it up, entering codes, throttling, idle sessions."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.orgs import second_factor
from tests.factories import authenticator, login, make_staff, otp_code

INBOX = "/magetan/kotak-masuk/"


def _code_now(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_signers_and_administrators_must_use_it_others_may(magetan_staff):
    clerk_admin = make_staff("magetan", "staf-sekretariat", "sekre-admin", admin=True)
    assert second_factor.required(magetan_staff["kabid"])  # head of unit: signs a.n., revokes
    assert second_factor.required(magetan_staff["kadis"])  # head of office: signs
    assert second_factor.required(clerk_admin)  # administers the organization
    assert not second_factor.required(magetan_staff["loket"])
    assert not second_factor.required(magetan_staff["jatim"])


def test_a_signer_without_an_authenticator_is_sent_to_set_one_up(client, magetan_staff):
    login(client, magetan_staff["kabid"], second_factor=False)
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/autentikator/?next=")
    assert client.get(f"/magetan/permohonan/{'X' * 4}/").status_code == 302  # every member page, one gate


def test_an_ordinary_officer_goes_on_without_a_second_factor(client, magetan_staff):
    assert login(client, magetan_staff["loket"]).get(INBOX).status_code == 200


def test_setting_up_shows_the_qr_and_the_secret_then_ten_backup_codes_once(client, magetan_staff):
    user = magetan_staff["kabid"]
    login(client, user, second_factor=False)
    page = client.get(f"{reverse('second_factor:enrol')}?next={INBOX}").content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "<svg" in page and 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert client.get(f"{reverse('second_factor:enrol')}").content.decode().count(secret) == 1  # the same secret

    wrong = client.post(reverse("second_factor:enrol"), {"code": "000000", "next": INBOX})
    assert "Kode salah" in wrong.content.decode()
    device.throttle_reset()
    done = client.post(reverse("second_factor:enrol"), {"code": _code_now(device), "next": INBOX}).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done)
    assert len(codes) == 10 and f'href="{INBOX}"' in done
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INBOX).status_code == 200  # the session has given its second factor


def test_a_password_alone_does_not_replace_an_existing_authenticator(client, magetan_staff):
    user = magetan_staff["kabid"]
    authenticator(user)
    login(client, user, second_factor=False)
    response = client.get(reverse("second_factor:enrol"))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/kode/")
    assert client.get(INBOX)["Location"].startswith("/masuk/kode/?next=")


def test_a_wrong_code_is_refused_and_a_pasted_code_with_a_space_works(client, magetan_staff):
    user = magetan_staff["kabid"]
    login(client, user, second_factor=False)
    device = authenticator(user)
    page = client.post(reverse("second_factor:verify"), {"code": "123456", "next": INBOX})
    assert page.status_code == 200 and "Kode salah atau sudah dipakai" in page.content.decode()
    assert client.get(INBOX).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    code = otp_code(user)
    response = client.post(reverse("second_factor:verify"), {"code": f"{code[:3]} {code[3:]}", "next": INBOX})
    assert response.status_code == 302 and response["Location"] == INBOX
    assert client.get(INBOX).status_code == 200


def test_a_code_is_accepted_once(client, magetan_staff):
    user = magetan_staff["kabid"]
    code = otp_code(user)
    login(client, user, second_factor=False)
    assert client.post(reverse("second_factor:verify"), {"code": code})["Location"]
    other = login(type(client)(), user, second_factor=False)
    again = other.post(reverse("second_factor:verify"), {"code": code})
    assert again.status_code == 200 and "sudah dipakai" in again.content.decode()


def test_a_backup_code_works_once(client, magetan_staff):
    user = magetan_staff["kabid"]
    authenticator(user)
    codes = second_factor.new_backup_codes(user)
    login(client, user, second_factor=False)
    response = client.post(reverse("second_factor:verify"), {"code": codes[0].upper(), "next": INBOX})
    assert response["Location"] == INBOX
    assert client.get(INBOX).status_code == 200
    other = login(type(client)(), user, second_factor=False)
    again = other.post(reverse("second_factor:verify"), {"code": codes[0], "next": INBOX})
    assert again.status_code == 200 and "Kode salah" in again.content.decode()


def test_wrong_codes_are_throttled(client, magetan_staff):
    user = magetan_staff["kabid"]
    login(client, user, second_factor=False)
    right = otp_code(user)
    client.post(reverse("second_factor:verify"), {"code": "111111"})
    for _attempt in range(3):  # within the wait even the right code is refused, and a guess is not counted
        page = client.post(reverse("second_factor:verify"), {"code": right}).content.decode()
        assert "Terlalu banyak kode yang salah. Coba lagi setelah pukul" in page
    device = authenticator(user)
    assert device.throttling_failure_count == 1
    # Each failure doubles the wait (one second after the first); after it the right code is accepted.
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(seconds=2)
    device.save()
    assert client.post(reverse("second_factor:verify"), {"code": right, "next": INBOX})["Location"] == INBOX


def test_a_code_with_a_nul_or_of_any_length_is_refused_without_an_error(client, magetan_staff):
    user = magetan_staff["kabid"]
    authenticator(user)
    login(client, user, second_factor=False)
    assert client.post(reverse("second_factor:verify"), {"code": "12\x003456"}).status_code == 400  # orgs.edge
    for code in ("x" * 65, "abcdefghijklmnopq", "12345"):
        assert client.post(reverse("second_factor:verify"), {"code": code}).status_code == 200


def test_a_foreign_next_is_not_followed(client, magetan_staff):
    user = magetan_staff["kabid"]
    login(client, user, second_factor=False)
    response = client.post(reverse("second_factor:verify"), {"code": otp_code(user), "next": "https://evil.example/"})
    assert response["Location"] == INBOX  # the landing page instead


def test_an_optional_user_enrols_from_the_account_page(client, magetan_staff):
    user = magetan_staff["loket"]
    login(client, user)
    page = client.get(reverse("second_factor:account")).content.decode()
    assert "tidak wajib" in page and reverse("second_factor:enrol") in page
    client.get(reverse("second_factor:enrol"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("second_factor:enrol"), {"code": _code_now(device)})
    assert "Aktif" in client.get(reverse("second_factor:account")).content.decode()
    # From now on the officer's sign-in asks for the code too.
    fresh = login(type(client)(), user, second_factor=False)
    assert fresh.get(INBOX)["Location"].startswith("/masuk/kode/")


def test_new_backup_codes_need_a_verified_session(client, magetan_staff):
    user = magetan_staff["kabid"]
    authenticator(user)
    login(client, user, second_factor=False)
    assert client.post(reverse("second_factor:backup_codes"))["Location"].startswith("/masuk/kode/")
    login(client, user)
    page = client.post(reverse("second_factor:backup_codes")).content.decode()
    assert len(re.findall(r"<li>([a-z2-7]{8})</li>", page)) == 10


def test_a_role_given_during_a_session_asks_for_the_second_factor_at_once(client, magetan_staff):
    from sigap.orgs.models import Membership

    user = magetan_staff["loket"]
    login(client, user)
    assert client.get(INBOX).status_code == 200
    Membership.objects.filter(user=user).update(is_admin=True)
    assert client.get(INBOX).status_code == 302


class Clock:
    def __init__(self, monkeypatch):
        self.now = 1_800_000_000.0
        monkeypatch.setattr(second_factor, "clock", lambda: self.now)

    def advance(self, minutes):
        self.now += minutes * 60


def test_a_signers_session_ends_after_fifteen_idle_minutes(client, magetan_staff, monkeypatch, settings):
    settings.SIGAP_SIGNER_IDLE_MINUTES = 15
    clock = Clock(monkeypatch)
    login(client, magetan_staff["kabid"])
    clerk = login(type(client)(), magetan_staff["loket"])
    assert client.get(INBOX).status_code == 200
    clock.advance(14)
    assert client.get(INBOX).status_code == 200  # activity renews the session
    clock.advance(14)
    assert client.get(INBOX).status_code == 200
    clock.advance(16)
    response = client.get(INBOX)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "tidak aktif selama 15 menit" in page
    assert clerk.get(INBOX).status_code == 200  # others keep the normal session age


def test_django_admin_asks_the_superuser_for_the_second_factor(client, magetan_staff):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("platform", password="rahasia-uji-123")
    login(client, admin, second_factor=False)
    assert client.get("/admin/login/").status_code in (200, 302)  # its login page is not gated
    response = client.get("/admin/orgs/organization/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/autentikator/?next=")
    login(client, admin)
    assert client.get("/admin/orgs/organization/").status_code == 200
