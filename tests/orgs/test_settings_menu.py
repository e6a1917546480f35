"""The settings menu is a registry in orgs: each app lists its own settings pages, orgs imports none of them."""

from django.urls import resolve

from sigap.orgs import permissions, settings_menu
from sigap.orgs.models import Organization
from tests.factories import login, make_staff


def test_each_app_serves_its_own_settings_page():
    assert resolve("/magetan/pengaturan/staf/").func.__module__ == "sigap.orgs.settings_views"
    assert resolve("/magetan/pengaturan/pelaksana/").func.__module__ == "sigap.cases.settings_views"
    assert resolve("/magetan/pengaturan/hari-libur/").func.__module__ == "sigap.worktime.settings_views"
    assert resolve("/magetan/pengaturan/hari-libur/3/hapus/").func.__module__ == "sigap.worktime.settings_views"


def test_the_apps_register_their_entries_in_order():
    names = [entry.url_name for entry in settings_menu.entries()]
    assert names == [
        "settings:staff",
        "settings:lanes",
        "settings:closures",
        "letters:templates",
        "settings:signing",
        "settings:access_log",
    ]


def test_menu_tabs_come_from_the_registry(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    page = client.get("/magetan/pengaturan/pelaksana/").content.decode()
    nav = page[page.index('<ul class="nav nav-tabs') :]
    nav = nav[: nav.index("</ul>")]
    for href in ("/magetan/pengaturan/staf/", "/magetan/pengaturan/pelaksana/", "/magetan/pengaturan/hari-libur/"):
        assert f'href="{href}"' in nav
    assert 'href="/magetan/surat/templat/"' in nav
    assert 'active" href="/magetan/pengaturan/pelaksana/" aria-current="page"' in nav


def test_a_registered_entry_shows_only_to_who_passes_its_permission(magetan_staff, monkeypatch):
    monkeypatch.setattr(settings_menu, "_ENTRIES", dict(settings_menu._ENTRIES))
    monkeypatch.setitem(permissions.RULES, "may_never", lambda user, obj: False)
    settings_menu.register("Untuk semua petugas", "settings:closures", permission="may_view_staff_pages", order=1)
    settings_menu.register("Tidak untuk siapa pun", "settings:lanes", permission="may_never", order=2)
    magetan = Organization.objects.get(slug="magetan")
    labels = [entry["label"] for entry in settings_menu.menu(magetan_staff["loket"], magetan)]
    assert labels == ["Untuk semua petugas"]


def test_settings_front_door_opens_the_first_page(client, magetan_staff):
    login(client, magetan_staff["loket"])
    assert client.get("/magetan/pengaturan/").status_code == 404
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    response = client.get("/magetan/pengaturan/")
    assert response.status_code == 302 and response.url == "/magetan/pengaturan/staf/"
    page = client.get("/magetan/kotak-masuk/").content.decode()
    assert 'href="/magetan/pengaturan/"' in page


def _tabs(page: str) -> str:
    nav = page[page.index('<ul class="nav nav-tabs') :]
    return nav[: nav.index("</ul>")]


def test_the_letter_template_pages_show_the_settings_tabs(client, magetan_staff):
    admin = make_staff("magetan", "sekretaris", "admin-mgt", admin=True)
    login(client, admin)
    for url in ("/magetan/surat/templat/", "/magetan/surat/templat/surat-keterangan-terdaftar-dtks/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "orgs/settings_base.html" in [t.name for t in response.templates], url
        nav = _tabs(response.content.decode())
        assert 'href="/magetan/pengaturan/staf/"' in nav and 'href="/magetan/pengaturan/hari-libur/"' in nav, url
        assert 'active" href="/magetan/surat/templat/" aria-current="page"' in nav, url
        assert nav.count("active") == 1, url
