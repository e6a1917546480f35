"""Signing in lands on the user's own page: the inbox of their organization, or a safe `next`."""

from django.contrib.auth import get_user_model

from sigap.orgs.models import Membership, Position
from tests.factories import PASSWORD, make_staff


def sign_in(client, username, **extra):
    return client.post("/masuk/", {"username": username, "password": PASSWORD, **extra})


def test_staff_land_on_their_organizations_inbox(client, magetan_staff):
    response = sign_in(client, magetan_staff["loket"].username)
    assert response.status_code == 302 and response.url == "/magetan/kotak-masuk/"
    assert client.get(response.url).status_code == 200


def test_a_safe_next_is_honoured_and_another_site_is_not(client, magetan_staff):
    response = sign_in(client, magetan_staff["loket"].username, next="/magetan/permohonan/?q=x")
    assert response.url == "/magetan/permohonan/?q=x"
    client.logout()
    response = sign_in(client, magetan_staff["loket"].username, next="https://evil.example/")
    assert response.url == "/magetan/kotak-masuk/"


def test_several_organizations_land_on_the_first_active_membership(client, magetan_staff):
    user = make_staff("bangkalan", "staf-linjamsos", "dua-instansi")
    Membership.objects.filter(user=user).update(is_active=False)
    position = Position.objects.get(organization__slug="magetan", code="staf-linjamsos")
    Membership.objects.create(user=user, organization=position.organization, position=position)
    assert sign_in(client, "dua-instansi").url == "/magetan/kotak-masuk/"
    client.logout()
    Membership.objects.filter(user=user).update(is_active=True)
    assert sign_in(client, "dua-instansi").url == "/bangkalan/kotak-masuk/"


def test_superuser_without_membership_lands_on_the_admin_and_others_on_the_front_page(client, magetan_staff):
    get_user_model().objects.create_superuser("platform", password=PASSWORD)
    assert sign_in(client, "platform").url == "/admin/"
    client.logout()
    get_user_model().objects.create_user("tanpa-instansi", password=PASSWORD)
    assert sign_in(client, "tanpa-instansi").url == "/"
