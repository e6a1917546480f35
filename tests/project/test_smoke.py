"""The shipped data imports and the front pages answer."""

from sigap.orgs.models import Organization


def test_home_lists_organizations(client, shipped_sops):
    response = client.get("/")
    assert response.status_code == 200
    for org in Organization.objects.all():
        assert org.name in response.content.decode()


def test_sop_index_of_magetan(client, shipped_sops):
    response = client.get("/magetan/sop/")
    assert response.status_code == 200
    assert "Surat Keterangan Terdaftar DTKS" in response.content.decode()


def test_unknown_organization_is_404(client, shipped_sops):
    assert client.get("/tidak-ada/sop/").status_code == 404


def test_a_wrong_login_says_so_once_in_indonesian(client, shipped_sops):
    html = client.post("/masuk/", {"username": "tidak-ada", "password": "salah-sekali"}).content.decode()
    assert "Nama pengguna atau kata sandi salah" in html
    assert "nama pengguna nama pengguna" not in html.lower()
