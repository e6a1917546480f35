"""The staff form creates logins; it never attaches one that exists elsewhere, nor says where a name exists."""

import pytest
from django.contrib.auth import get_user_model

from sigap.orgs.models import Membership, Position
from tests.factories import login, make_staff

REFUSAL = "Nama pengguna tidak dapat dipakai; pilih nama pengguna lain."


@pytest.fixture
def magetan_admin(client, magetan_staff):
    return login(client, make_staff("magetan", "sekretaris", "admin-mgt", admin=True))


def _add(client, username, position_code="staf-linjamsos", password="kata-sandi-kuat-9"):
    position = Position.objects.get(organization__slug="magetan", code=position_code)
    return client.post(
        "/magetan/pengaturan/staf/",
        {
            "username": username,
            "full_name": "Siapa Saja",
            "position": position.pk,
            "password": password,
            "is_admin": "on",
        },
    )


def _refusal(response) -> str:
    page = response.content.decode()
    start = page.index('<div class="alert alert-danger">')
    return page[start : page.index("</div>", start)]


def test_the_platform_superuser_is_not_attached(magetan_admin):
    get_user_model().objects.create_superuser("root-platform", password="kata-sandi-root-9")
    response = _add(magetan_admin, "root-platform")
    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert not Membership.objects.filter(user__username="root-platform").exists()


@pytest.fixture
def bangkalan_kadis(magetan_staff):
    return magetan_staff["bangkalan"]


def test_another_organizations_staff_is_not_attached(magetan_admin, bangkalan_kadis):
    response = _add(magetan_admin, bangkalan_kadis.username)
    assert response.status_code == 200 and REFUSAL in response.content.decode()
    assert not Membership.objects.filter(user=bangkalan_kadis, organization__slug="magetan").exists()
    bangkalan_kadis.refresh_from_db()
    assert bangkalan_kadis.check_password("rahasia-uji-123")  # the password typed was not given to that login


def test_the_refusal_is_the_same_whoever_holds_the_name(magetan_admin, bangkalan_kadis):
    """Another organization's staff, the superuser, a login with no membership: one message, word for word."""
    get_user_model().objects.create_superuser("root-platform", password="kata-sandi-root-9")
    get_user_model().objects.create_user("tanpa-instansi", password="kata-sandi-lain-9")
    refusals = {
        _refusal(_add(magetan_admin, name)) for name in (bangkalan_kadis.username, "root-platform", "tanpa-instansi")
    }
    assert len(refusals) == 1 and REFUSAL in refusals.pop()


def test_a_member_of_this_organization_gets_a_second_position(magetan_admin, magetan_staff):
    member = magetan_staff["loket"]
    response = _add(magetan_admin, member.username, position_code="kabid-linjamsos", password="")
    assert response.status_code == 302
    assert Membership.objects.filter(user=member, position__code="kabid-linjamsos").exists()


def test_a_new_user_is_invited_by_e_mail_and_sets_their_own_password(client, magetan_admin, mailoutbox, settings):
    import re

    settings.SIGAP_PUBLIC_URL = "https://sigap.example.org"
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    response = magetan_admin.post(
        "/magetan/pengaturan/staf/",
        {"username": "undangan-baru", "full_name": "Rina Contoh", "position": position.pk, "email": "rina@example.org"},
        follow=True,
    )
    assert "undangan dikirim ke rina@example.org" in response.content.decode()
    user = get_user_model().objects.get(username="undangan-baru")
    assert not user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["rina@example.org"] and "undangan-baru" in mail.body
    link = re.search(r"https://sigap\.example\.org(/masuk/sandi/\S+/)", mail.body).group(1)
    magetan_admin.logout()
    form = client.get(link, follow=True)  # Django moves the token out of the address into the session
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "sandi-rina-2026!", "new_password2": "sandi-rina-2026!"}
    )
    assert done.status_code == 302 and done.url == "/masuk/"
    user.refresh_from_db()
    assert user.check_password("sandi-rina-2026!")
    spent = client.get(link, follow=True).content.decode()  # the link works once
    assert "tidak berlaku lagi" in spent and "new_password1" not in spent


def test_a_new_user_needs_a_password_or_an_e_mail(magetan_admin):
    response = _add(magetan_admin, "tanpa-apa-apa", password="")
    assert "Isi kata sandi awal, atau alamat e-mail" in response.content.decode()
    assert not get_user_model().objects.filter(username="tanpa-apa-apa").exists()


def test_an_existing_name_is_refused_the_same_way_with_an_invitation(magetan_admin, bangkalan_kadis, mailoutbox):
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    response = magetan_admin.post(
        "/magetan/pengaturan/staf/",
        {"username": bangkalan_kadis.username, "full_name": "X", "position": position.pk, "email": "x@example.org"},
    )
    assert REFUSAL in response.content.decode() and mailoutbox == []


def test_an_invitation_that_cannot_be_sent_creates_no_login(magetan_admin, monkeypatch):
    import smtplib

    from sigap.orgs import invite

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("server away")

    monkeypatch.setattr(invite, "send_mail", refuse)
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    response = magetan_admin.post(
        "/magetan/pengaturan/staf/",
        {"username": "tak-terkirim", "full_name": "X", "position": position.pk, "email": "x@example.org"},
    )
    assert "Undangan tidak dapat dikirim ke x@example.org" in response.content.decode()
    assert not get_user_model().objects.filter(username="tak-terkirim").exists()
