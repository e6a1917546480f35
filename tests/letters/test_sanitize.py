"""What a letter template's body may contain (sanitize.py): the structure of a letter, placeholders intact;
the shipped templates lose nothing; an empty first row of a table is still left out once sanitized."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django_scopes import scopes_disabled

from sigap.letters import placeholders
from sigap.letters.models import LetterTemplate
from sigap.letters.sanitize import letter_body

KEPT = (
    '<p style="text-align:center">Yth. {{ nama_pemohon }}<br>di tempat</p>'
    "<ol><li><strong>satu</strong></li><li><em>dua</em> <u>tiga</u></li></ol><h3>Judul</h3>"
    '<table><thead><tr><th colspan="2">Data</th></tr></thead><tbody><tr><td>NIK</td><td>{{ nik_samaran }}</td></tr>'
    "</tbody></table>"
)


def test_the_structure_of_a_letter_is_kept_as_it_is():
    assert letter_body(KEPT) == KEPT


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<a href="var/keys/bangkalan.key.pem" rel="attachment">kunci</a>', "kunci"),
        ('<link rel="attachment" href="var/sigap.sqlite3">', ""),
        ('<img src="http://127.0.0.1/" onerror="alert(1)">', ""),
        ("<script>alert(1)</script><style>p{color:red}</style>teks", "teks"),
        ('<p class="draf" id="x" onclick="alert(1)">p</p>', "<p>p</p>"),
        (
            '<p style="position: fixed; background: url(http://x/); text-align: right">p</p>',
            '<p style="text-align:right">p</p>',
        ),
        ('<base href="file:///"><object data="x"></object><iframe src="x"></iframe><svg><image href="x"/></svg>', ""),
        (
            "<p>{{ nama_pemohon }} &amp; {{{{ alamat_pemohon }} nik }}</p>",
            "<p>{{ nama_pemohon }} &amp; {{{{ alamat_pemohon }} nik }}</p>",
        ),
    ],
)
def test_everything_else_goes_and_its_text_stays(dirty, clean):
    assert letter_body(dirty) == clean
    assert letter_body(clean) == clean


def test_escaped_braces_are_checked_as_the_placeholder_they_spell():
    """`&#123;&#123; nik }}` reads "{{ nik }}" once sanitized: the full NIK's check sees it on save."""
    with pytest.raises(placeholders.PlaceholderError, match="instansi lain"):
        placeholders.check(letter_body("<p>&#123;&#123; nik }}</p>"))


def _shipped_bodies():
    for path in sorted(Path(settings.BASE_DIR, "surat").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text())["surat"]["templat"]:
            yield item["kode"], item["isi"].strip()


@pytest.mark.parametrize(("code", "body"), list(_shipped_bodies()))
def test_the_shipped_templates_lose_nothing(code, body):
    cleaned = letter_body(body)
    assert placeholders.PATTERN.findall(cleaned) == placeholders.PATTERN.findall(body)
    assert cleaned.replace("<tbody>", "").replace("</tbody>", "") == body


def test_letters_load_saves_the_bodies_sanitized(shipped_sops):
    """The test database is made with `letters_load surat/` (conftest.py)."""
    with scopes_disabled():
        bodies = list(LetterTemplate.objects.values_list("body", flat=True))
    assert bodies and all(letter_body(body) == body for body in bodies)


def test_an_empty_first_row_is_left_out_of_a_sanitized_table():
    body = letter_body(
        "<table>\n<tr><td>Alamat</td><td>{{ alamat_pemohon }}</td></tr>\n"
        "<tr><td>Nama</td><td>{{ nama_pemohon }}</td></tr>\n</table>"
    )
    assert "<tbody><tr><td>Alamat" in body
    filled = placeholders.fill(body, {"nama_pemohon": "Siti", "alamat_pemohon": ""})
    assert "Alamat" not in filled and "<td>Siti</td>" in filled
    assert letter_body(filled) == "<table>\n<tbody><tr><td>Nama</td><td>Siti</td></tr>\n</tbody></table>"
