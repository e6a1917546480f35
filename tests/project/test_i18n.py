"""English translation: Indonesian by default, English when chosen with the language cookie."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

MESSAGES = Path(settings.BASE_DIR) / "sigap" / "locale" / "en" / "LC_MESSAGES"
COOKIE = settings.LANGUAGE_COOKIE_NAME  # "django_language"


def test_sop_index_is_indonesian_by_default(client, shipped_sops):
    response = client.get("/magetan/sop/")
    page = response.content.decode()
    assert response.headers["Content-Language"] == "id" and '<html lang="id">' in page
    assert "Cari judul SOP" in page and "Search SOP titles" not in page


def test_browser_language_alone_does_not_switch_to_english(client, shipped_sops):
    page = client.get("/magetan/sop/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Cari judul SOP" in page and "Search SOP titles" not in page


def test_sop_index_in_english_with_the_language_cookie(client, shipped_sops):
    client.cookies[COOKIE] = "en"
    response = client.get("/magetan/sop/")
    page = response.content.decode()
    assert response.headers["Content-Language"] == "en" and '<html lang="en">' in page
    assert "Search SOP titles" in page and "Cari judul SOP" not in page
    assert "Download the SOP Book (PDF A4)" in page and "Staff sign-in" in page
    # a translation with a placeholder
    page = client.get("/magetan/sop/", {"q": "tidak-ada-judul-ini"}).content.decode()
    assert 'No SOP has a title containing "tidak-ada-judul-ini".' in page


def test_setlang_sets_the_cookie_and_goes_back(client, shipped_sops):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/magetan/sop/?q=dtks"})
    assert response.status_code == 302 and response.url == "/magetan/sop/?q=dtks"
    assert response.cookies[COOKIE].value == "en"
    assert "Search SOP titles" in client.get("/magetan/sop/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "id", "next": "/magetan/sop/"})
    assert response.cookies[COOKIE].value == "id"
    assert "Cari judul SOP" in client.get("/magetan/sop/").content.decode()


def test_unsupported_language_stays_indonesian_and_next_stays_on_site(client, shipped_sops):
    # Django's set_language accepts any language Django itself has messages for (French here);
    # the middleware only honours the LANGUAGES of the settings
    client.post("/i18n/setlang/", {"language": "fr", "next": "/magetan/sop/"})
    assert "Cari judul SOP" in client.get("/magetan/sop/").content.decode()
    assert COOKIE not in client.post("/i18n/setlang/", {"language": "xx", "next": "/magetan/sop/"}).cookies
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_footer_switcher_posts_to_setlang_with_the_current_page(client, shipped_sops):
    page = client.get("/magetan/sop/", {"q": "dtks"}).content.decode()
    footer = page[page.index("<footer") : page.index("</footer>")]
    assert 'action="/i18n/setlang/"' in footer and 'name="csrfmiddlewaretoken"' in footer
    assert 'name="next" value="/magetan/sop/?q=dtks"' in footer
    assert 'value="id"' in footer and "Bahasa Indonesia" in footer
    assert 'value="en"' in footer and "English" in footer


def test_login_page_in_english(client, shipped_sops):
    client.cookies[COOKIE] = "en"
    page = client.get("/masuk/").content.decode()
    for english in ("Sign in as staff", "Username", "Password", "Sign in", "Language:"):
        assert english in page
    for indonesian in ("Masuk sebagai petugas", "Nama pengguna", "Kata sandi"):
        assert indonesian not in page


def test_login_page_in_indonesian_by_default(client, shipped_sops):
    page = client.get("/masuk/").content.decode()
    assert "Masuk sebagai petugas" in page and "Kata sandi" in page and "Sign in as staff" not in page


def _po_entries(path: Path) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], str]]:
    """The msgstr(s) of every (msgctxt, msgid) of a .po file, and the flags line ("#, ...") of each."""
    entries, flags = {}, {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, block_flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                block_flags = line
            elif line.startswith(("msgctxt", "msgid", "msgstr")):
                current, _, literal = line.partition(" ")
                fields[current] = ast.literal_eval(literal)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            key = (fields.get("msgctxt", ""), fields["msgid"])
            entries[key] = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            flags[key] = block_flags
    return entries, flags


def test_every_message_is_translated_and_compiled():
    entries, flags = _po_entries(MESSAGES / "django.po")
    assert len(entries) > 500
    assert not [msgid for msgid, strings in entries.items() if not all(strings)], "empty msgstr"
    assert not [msgid for msgid, flag in flags.items() if "fuzzy" in flag], "fuzzy entries"
    with open(MESSAGES / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        (context, msgid)
        for (context, msgid), strings in entries.items()
        if len(strings) == 1
        and (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != strings[0]
    ]
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:5]}"


def test_print_stylesheet_strings_are_translated():
    """The page footers of the PDFs live in .css templates: makemessages finds them only
    with `-e html,txt,py,css`."""
    from django.utils import translation

    with translation.override("en"):
        assert [translation.gettext(s) for s in ("Halaman", "dari", "hlm.")] == ["Page", "of", "p."]


def test_every_translatable_string_in_the_source_has_its_english(tmp_path):
    """makemessages over a copy of the source: no string of the code or the templates is missing from the
    English catalog (a translation lost in a merge shows up here, not as Indonesian on an English page)."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(Path(settings.BASE_DIR) / "sigap", tmp_path / "sigap", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-e", "html,txt,py,css", "-v0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    entries, flags = _po_entries(tmp_path / "sigap" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = [key for key, strings in entries.items() if not all(strings) or "fuzzy" in flags[key]]
    assert not missing, f"strings without English (add them to django.po and run compilemessages): {missing[:10]}"
