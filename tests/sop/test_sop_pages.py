"""The public SOP pages: index, search, status, version history and comparison."""

import shutil

from sigap.sop.models import Sop
from sigap.sop.services import sop_import
from tests.conftest import SOP_DIR


def test_index_groups_by_unit_and_shows_status(client, shipped_sops):
    page = client.get("/bangkalan/sop/").content.decode()
    assert page.count("Belum disusun") == 40 and page.count(">Draf<") == 6
    for unit in (
        "Sekretariat",
        "Bidang Pemberdayaan Sosial",
        "Bidang Perlindungan dan Jaminan Sosial",
        "Bidang Rehabilitasi Sosial",
    ):
        assert unit in page


def test_search_by_title(client, shipped_sops):
    page = client.get("/bangkalan/sop/", {"q": "srikandi"}).content.decode()
    assert page.count("Srikandi") == 3 and "Pengajuan Cuti ASN" not in page
    assert "Tidak ada SOP" in client.get("/bangkalan/sop/", {"q": "tidak-ada-judul-ini"}).content.decode()


def test_draft_is_never_shown_as_established(client, shipped_sops):
    page = client.get("/bangkalan/sop/surat-keterangan-dtks/").content.decode()
    assert "Draf — belum ditetapkan" in page and "Ditetapkan</span>" not in page


def test_history_and_side_by_side_comparison(client, shipped_sops, tmp_path):
    tree = tmp_path / "sops"
    shutil.copytree(SOP_DIR, tree)
    path = tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(
        path.read_text().replace("waktu: 6 Menit", "waktu: 10 Menit").replace("    - Foto Copy Berkas\n", "")
    )
    sop_import(paths=[tree])
    page = client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/").content.decode()
    assert "Versi 2" in page and "Versi 1" in page and "bandingkan dengan versi sebelumnya" in page
    old = client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/versi/1/").content.decode()
    assert "bukan versi terkini" in old and "6 Menit" in old
    compare = client.get(
        "/magetan/sop/surat-keterangan-terdaftar-dtks/perbandingan/", {"dari": 1, "ke": 2}
    ).content.decode()
    assert 'class="diff-replace"' in compare and "6 Menit" in compare and "10 Menit" in compare
    assert 'class="diff-delete"' in compare and "Foto Copy Berkas" in compare
    assert client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/perbandingan/", {"dari": 9}).status_code == 404
    assert Sop.objects.get(code="surat-keterangan-terdaftar-dtks").current_version.revision == 2


COMPARE = "/magetan/sop/surat-keterangan-terdaftar-dtks/perbandingan/"


def test_comparison_of_an_sop_with_one_version_says_so(client, shipped_sops):
    """Every shipped SOP has only version 1: the page says there is nothing to compare, not two equal columns."""
    for query in ({}, {"dari": 1, "ke": 1}):
        response = client.get(COMPARE, query)
        assert response.status_code == 200
        assert "Hanya ada satu versi; belum ada yang dapat dibandingkan." in response.text
        assert "sop-diff" not in response.text and response.context["rows"] == []


def test_comparing_a_version_with_itself_says_there_is_no_difference(client, shipped_sops, tmp_path):
    tree = tmp_path / "sops"
    shutil.copytree(SOP_DIR, tree)
    path = tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(path.read_text().replace("waktu: 6 Menit", "waktu: 10 Menit"))
    sop_import(paths=[tree])
    response = client.get(COMPARE, {"dari": 2, "ke": 2})
    assert response.status_code == 200
    assert "Tidak ada perbedaan" in response.text and "sop-diff" not in response.text
    assert "Hanya ada satu versi" not in response.text
    assert 'class="diff-replace"' in client.get(COMPARE, {"dari": 1, "ke": 2}).text


def test_comparison_with_an_unknown_or_odd_version_explains_itself(client, shipped_sops):
    """Not the generic 404 page: the comparison page, saying which version is missing and which exist."""
    for query, said in (
        ({"dari": 1, "ke": 2}, "Versi 2 tidak ada pada SOP ini. Versi yang tersedia: 1."),
        ({"dari": 9}, "Versi 9 tidak ada pada SOP ini."),
        ({"dari": "satu", "ke": 1}, "“satu” bukan nomor versi. Versi yang tersedia: 1."),
        ({"ke": "<b>x</b>"}, "“&lt;b&gt;x&lt;/b&gt;” bukan nomor versi."),
        ({"dari": "1.5", "ke": "x"}, "“1.5” bukan nomor versi."),
        ({"ke": "9" * 30}, "tidak ada pada SOP ini"),
    ):
        response = client.get(COMPARE, query)
        assert response.status_code == 404, query
        assert said in response.text, query
        assert "Halaman tidak ditemukan" not in response.text and "kode QR" not in response.text
        assert "<b>x</b>" not in response.text


def test_unknown_sop_and_version_are_404(client, shipped_sops):
    assert client.get("/magetan/sop/tidak-ada/").status_code == 404
    assert client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/versi/7/").status_code == 404
    assert client.get("/magetan/sop/surat-keterangan-dtks/").status_code == 404  # Bangkalan's SOP


def test_number_columns_read_no_not_tidak(client, shipped_sops):
    """Django's own Indonesian catalog turns a bare "No" into "Tidak"; number columns have their own msgid."""
    html = client.get("/magetan/sop/").content.decode()
    assert ">No.</th>" in html and ">Tidak</th>" not in html
    assert ">Tidak</th>" not in client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/").content.decode()
    client.cookies["django_language"] = "en"
    assert ">No.</th>" in client.get("/magetan/sop/").content.decode()


def listed(client, slug, query):
    """The codes of the SOPs the index lists for a search."""
    page = client.get(f"/{slug}/sop/", {"q": query})
    assert page.status_code == 200
    return {sop.code for sops in page.context["units"].values() for sop in sops}


def test_search_ignores_hyphens_and_spelling_variants(client, shipped_sops):
    """The decree writes "PBI-JKN" and "Reaktifasi"; people type "pbi jkn" and "reaktivasi"."""
    pbi = {"reaktifasi-kartu-pbi-jkn"}
    for query in (
        "pbi jkn",
        "PBI JKN",
        "pbi-jkn",
        "pbijkn",
        "reaktivasi",
        "Reaktifasi",
        "re-aktivasi",
        "jkn reaktivasi",
    ):
        assert listed(client, "magetan", query) == pbi, query
    assert "Reaktifasi Kartu PBI-JKN" in client.get("/magetan/sop/", {"q": "pbi jkn"}).text
    assert listed(client, "bangkalan", "tanpa survei") == {"pengaduan-sidaya-sehati-tanpa-survei"}
    assert len(listed(client, "bangkalan", "survei lapangan")) == 2  # both titles say "Survey Lapangan"


def test_search_does_not_match_unrelated_queries(client, shipped_sops):
    for query in ("pbi adopsi", "jkn dtks", "aktivasi kartu keluarga", "kjp", "pbi jkn 2023"):
        assert listed(client, "magetan", query) == set(), query
    page = client.get("/magetan/sop/", {"q": "pbi adopsi"}).text
    assert "Tidak ada SOP" in page and "Reaktifasi Kartu PBI-JKN" not in page


def test_search_key_folds_punctuation_case_and_spelling():
    from sigap.sop.selectors import search_key, search_matches

    assert search_key("Reaktifasi Kartu PBI-JKN") == search_key("reaktivasi  kartu pbi jkn")
    assert search_key("Pengaduan (Survey Lapangan)") == search_key("pengaduan survei lapangan")
    assert search_key("Pelayanan Proses Adopsi Anak") != search_key("Pelayanan Proses Adopsi Anak Jalanan")
    assert search_matches("kartu pbi", "Reaktifasi Kartu PBI-JKN")
    assert not search_matches("kartu keluarga", "Reaktifasi Kartu PBI-JKN")


def test_comparison_shows_labels_and_readable_values(client, shipped_sops, tmp_path):
    """Every changed field is named as the official form names it; values read as the document shows them."""
    tree = tmp_path / "sops"
    shutil.copytree(SOP_DIR, tree)
    path = tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    text = path.read_text()
    for old, new in (
        ("  status: ditetapkan\n", "  status: draf\n"),
        ("  tanggal_efektif: 2022-02-09\n", "  tanggal_efektif: 2022-03-01\n"),
        ("      jabatan: [kadis, kabid-linjamsos]\n", "      jabatan: [kadis]\n"),
        (
            "      kelengkapan: Surat Keterangan\n      waktu: 1 Menit\n    - nomor: 5",
            "      kelengkapan: Surat Keterangan\n      waktu: 3 Menit\n    - nomor: 5",
        ),
        (
            "pelaksana: bidang-linjamsos\n      kelengkapan: Surat Keterangan\n      waktu: 1 Menit\n      output:",
            "pelaksana: pimpinan\n      kelengkapan: Surat Keterangan\n      waktu: 1 Menit\n      output:",
        ),
        ("      lanjut: 7\n", "      lanjut: 6\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text)
    sop_import(paths=[tree])
    page = client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/perbandingan/", {"dari": 1, "ke": 2})
    changed = [row for row in page.context["rows"] if row.kind != "equal"]
    assert {(row.left_label, row.left, row.right) for row in changed} == {
        ("Status", "Ditetapkan", "Draf"),
        ("Tanggal Efektif", "9 Februari 2022", "1 Maret 2022"),
        (
            "Pelaksana 3 · Jabatan",
            "Kepala Dinas Sosial Kabupaten Magetan, Kepala Bidang Perlindungan dan Jaminan Sosial",
            "Kepala Dinas Sosial Kabupaten Magetan",
        ),
        ("Langkah 4 · Mutu Baku — Waktu", "1 Menit", "3 Menit"),
        ("Langkah 6 · Pelaksana", "Bidang Linjamsos", "Kepala Dinas / Kabid Linjamsos"),
        ("Langkah 3 · Lanjut ke langkah", "7", "6"),
    }
    assert all(row.left_label == row.right_label for row in changed)
    html = page.text
    assert "Mutu Baku — Waktu" in html and "Langkah 2 · Jika Ya, ke langkah" in html
    for raw in ("bidang-linjamsos", "kabid-linjamsos", "2022-02-09", ">draf<", ">ditetapkan<", "· waktu<", "internal"):
        assert raw not in html, raw
    client.cookies["django_language"] = "en"
    english = client.get("/magetan/sop/surat-keterangan-terdaftar-dtks/perbandingan/", {"dari": 1, "ke": 2}).text
    assert "Step 4 · Quality standard — Time" in english and "Performer 3 · Position" in english


def test_index_lists_unwritten_sops_without_opening_them(client, shipped_sops):
    """The 40 SOPs the decree establishes but nobody has written are listed as such, not as procedures."""
    page = client.get("/bangkalan/sop/").text
    for sop in Sop.objects.filter(organization__slug="bangkalan").select_related("current_version"):
        link = f'href="/bangkalan/sop/{sop.code}/"'
        assert sop.title in page
        assert (link in page) == (sop.current_version is not None), sop.code
    assert "prosedurnya belum disusun" in client.get("/bangkalan/sop/penyiapan-spp/").text


def test_search_with_odd_input_is_answered(client, shipped_sops):
    """SQL wildcards or a very long query get the page (a NUL byte is refused before: tests/project/test_bad_input)."""
    for query in ("pbi\tjkn", "%_\\", "x" * 5000, "   "):
        response = client.get("/magetan/sop/", {"q": query})
        assert response.status_code == 200, query
    assert "Reaktifasi Kartu PBI-JKN" in client.get("/magetan/sop/", {"q": "pbi\tjkn"}).text
