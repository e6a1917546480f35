"""Letter-template files (surat/*.yaml): a bad file is reported by file, line and field, and nothing is loaded."""

import io

import pytest
from django.core.management import CommandError, call_command

from sigap.letters.letterfile import LetterFileError, load_text
from sigap.letters.models import LetterTemplate, NumberFormat

GOOD = """\
surat:
  instansi: magetan
  format_nomor:
    - klasifikasi: "499.1"
      pola: "{klasifikasi}/{nomor}/403.107/{tahun}"
  templat:
    - kode: surat-uji-baik
      jenis: Surat Uji
      sop: surat-keterangan-terdaftar-dtks
      langkah_penyiapan: 4
      langkah_tandatangan: 5
      klasifikasi: "499.1"
      judul: Surat Uji
      isi: |
        <p>Untuk {{ nama_pemohon }}.</p>
"""

MISSING_KEY = GOOD.replace("surat-uji-baik", "surat-uji-buruk").replace("      judul: Surat Uji\n", "")
WRONG_TYPE = GOOD.replace("surat-uji-baik", "surat-uji-buruk").replace(
    "langkah_penyiapan: 4", "langkah_penyiapan: empat"
)
BROKEN = GOOD.replace("surat-uji-baik", "surat-uji-buruk").replace("      judul: Surat Uji", "     judul: Surat Uji")


def _load(tmp_path, bad: str):
    (tmp_path / "a-baik.yaml").write_text(GOOD.replace("499.1", "499.2"), encoding="utf-8")
    (tmp_path / "b-buruk.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("letters_load", str(tmp_path), stdout=io.StringIO())
    return str(caught.value)


def _nothing_loaded():
    assert not LetterTemplate.objects.filter(code__startswith="surat-uji").exists()
    assert not NumberFormat.objects.filter(classification__in=("499.1", "499.2")).exists()


@pytest.mark.django_db
def test_a_missing_key_names_the_file_line_and_field(tmp_path):
    message = _load(tmp_path, MISSING_KEY)
    assert message == f"{tmp_path / 'b-buruk.yaml'}:7: templat[1].judul: wajib diisi"
    _nothing_loaded()


@pytest.mark.django_db
def test_a_wrong_type_names_the_line(tmp_path):
    message = _load(tmp_path, WRONG_TYPE)
    assert message == (
        f"{tmp_path / 'b-buruk.yaml'}:10: templat[1].langkah_penyiapan: harus berupa bilangan bulat positif, "
        'bukan "empat"'
    )
    _nothing_loaded()


@pytest.mark.django_db
def test_broken_yaml_names_the_line(tmp_path):
    message = _load(tmp_path, BROKEN)
    assert message.startswith(f"{tmp_path / 'b-buruk.yaml'}:13: bukan YAML yang sah")
    _nothing_loaded()


@pytest.mark.django_db
def test_an_unknown_organization_is_reported_at_its_line(tmp_path):
    (tmp_path / "x.yaml").write_text(GOOD.replace("instansi: magetan", "instansi: tidak-ada"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"x\.yaml:2: instansi: \"tidak-ada\" tidak dikenal"):
        call_command("letters_load", str(tmp_path), stdout=io.StringIO())
    _nothing_loaded()


@pytest.mark.django_db
def test_a_good_file_loads(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    call_command("letters_load", str(tmp_path), stdout=io.StringIO())
    template = LetterTemplate.objects.get(code="surat-uji-baik")
    assert (template.prepare_step, template.sign_step, template.classification) == (4, 5, "499.1")
    assert template.body == "<p>Untuk {{ nama_pemohon }}.</p>"


def test_every_problem_of_a_file_at_once_and_unsafe_yaml_refused():
    text = GOOD.replace("langkah_penyiapan: 4", "langkah_penyiapan: [4]").replace("      jenis: Surat Uji\n", "")
    with pytest.raises(LetterFileError) as caught:
        load_text(text, "surat/x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "surat/x.yaml:7: templat[1].jenis: wajib diisi",  # the line of the template's mapping
        'surat/x.yaml:9: templat[1].langkah_penyiapan: harus berupa bilangan bulat positif, bukan "[…]"',
    ]
    for unsafe in ("!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!set {a: null}"):
        with pytest.raises(LetterFileError, match=r"surat/x\.yaml:1: bukan YAML yang sah"):
            load_text(f"surat: {unsafe}\n", "surat/x.yaml")
    with pytest.raises(LetterFileError, match=r"surat/x\.yaml:3: instansi: kunci ini ditulis dua kali"):
        load_text("surat:\n  instansi: magetan\n  instansi: bangkalan\n", "surat/x.yaml")
    with pytest.raises(LetterFileError, match="kunci utama: surat"):
        load_text("templat: []\n", "surat/x.yaml")


def test_an_alias_that_holds_itself_is_refused():
    with pytest.raises(LetterFileError, match=r"surat/x\.yaml:1: bukan YAML yang sah"):
        load_text("surat: &a\n  instansi: magetan\n  templat: [*a]\n", "surat/x.yaml")


def test_a_file_that_sets_signing_on_behalf_renews_the_settings_stamp(shipped_sops, tmp_path):
    """atas_nama goes through the same service as the settings page, so what is remembered follows it."""
    from sigap.orgs.models import Organization

    (tmp_path / "magetan.yaml").write_text(GOOD, encoding="utf-8")
    call_command("letters_load", str(tmp_path), stdout=io.StringIO())  # the template exists from now on
    before = Organization.objects.get(slug="magetan")
    (tmp_path / "magetan.yaml").write_text(
        GOOD.replace("surat:\n  instansi: magetan\n", "surat:\n  instansi: magetan\n  atas_nama: false\n"),
        encoding="utf-8",
    )
    call_command("letters_load", str(tmp_path), stdout=io.StringIO())
    after = Organization.objects.get(slug="magetan")
    assert before.signs_on_behalf and not after.signs_on_behalf
    assert after.config_stamp != before.config_stamp


def test_over_long_values_of_a_letter_file_name_their_line():
    text = "surat:\n  instansi: magetan\n  format_nomor:\n    - klasifikasi: '" + "4" * 31 + "'\n      pola: x\n"
    with pytest.raises(
        LetterFileError, match=r"surat/x\.yaml:4: format_nomor\[1\]\.klasifikasi: paling banyak 30 karakter"
    ):
        load_text(text, "surat/x.yaml")
