"""Login throttling: per user and address (django-axes), per address across usernames, the real client address."""

import pytest
from django.test import RequestFactory

from sigap.orgs.client import client_address
from tests.factories import PASSWORD

LOCKED = "Terlalu banyak percobaan masuk yang gagal"


def sign_in(client, username, password, address="192.0.2.10", **headers):
    return client.post("/masuk/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_password_spraying_from_one_address_locks_that_address(client, magetan_staff, settings):
    """One wrong password for each of many usernames never reaches the per-user limit; the address limit stops it."""
    settings.SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    for n in range(19):
        assert LOCKED not in sign_in(client, f"tebakan-{n}", "sandi-umum-2026").content.decode()
    assert sign_in(client, "tebakan-19", "sandi-umum-2026").status_code == 429  # the 20th failure locks
    response = sign_in(client, "loket", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked by it.
    assert sign_in(client, "loket", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_per_user_lock_stays_and_leaves_other_users_of_the_address_alone(client, magetan_staff, settings):
    settings.SIGAP_LOGIN_FAILURE_LIMIT = 5
    for _n in range(5):
        sign_in(client, "loket", "salah-terus")
    assert sign_in(client, "loket", PASSWORD).status_code == 429
    assert sign_in(client, "kabid", PASSWORD).status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_address_limit(client, magetan_staff, settings):
    """Without a trusted proxy the header is the client's own words: ignored."""
    settings.SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        sign_in(client, f"tebakan-{n}", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, "loket", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_trusted_proxy_the_client_behind_it_is_counted(client, magetan_staff, settings):
    """All requests come from the proxy's address; without the setting one sprayer would lock every user."""
    settings.SIGAP_TRUSTED_PROXY_COUNT = 1
    settings.SIGAP_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    proxy = "10.0.0.2"
    for n in range(3):
        sign_in(client, f"tebakan-{n}", "x", address=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{n % 1}")
    assert sign_in(client, "loket", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.0").status_code == 429
    assert sign_in(client, "loket", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy: the header is ignored
        (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # what the client wrote itself is skipped
        (2, "10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, "10.0.0.2", "", "10.0.0.2"),  # not through the proxy after all
        (1, "10.0.0.2", "bukan-alamat", "10.0.0.2"),
        (1, "10.0.0.2", "2001:DB8::0001", "2001:db8::1"),
        (0, "", "", None),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.SIGAP_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
