"""Validation of SOP files: every error names the file, the line and the field."""

import textwrap

import pytest

from sigap.sop.sopfile import SopFileError, load_text

VALID = textwrap.dedent("""\
    sop:
      instansi: magetan
      kode: contoh
      bidang: linjamsos
      status: draf
      nama: CONTOH
      pelaksana:
        - kode: pemohon
          nama: Pemohon
          jenis: pemohon
        - kode: petugas
          nama: Bidang Linjamsos
          jenis: internal
          bidang: linjamsos
      langkah:
        - nomor: 1
          jenis: mulai
          uraian: Pemohon datang
          pelaksana: pemohon
          waktu: 5 Menit
        - nomor: 2
          jenis: keputusan
          uraian: Petugas memeriksa berkas
          pertanyaan: Lengkap?
          pelaksana: petugas
          waktu: 1-3 Jam
          ya: 3
          tidak: 4
        - nomor: 3
          uraian: Petugas mencetak surat
          pelaksana: petugas
          waktu: 2 Hari
          lanjut: 4
        - nomor: 4
          jenis: selesai
          uraian: Selesai
          pelaksana: pemohon
    """)


def problems_of(text: str) -> list:
    with pytest.raises(SopFileError) as info:
        load_text(text, "sops/contoh.yaml")
    return info.value.problems


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[occurrence - 1]


def test_valid_file_loads():
    document = load_text(VALID, "sops/contoh.yaml")
    assert document.kind == "sop"
    assert [s["nomor"] for s in document.data["langkah"]] == [1, 2, 3, 4]
    assert document.data["langkah"][2]["lanjut"] == 4


def test_unknown_lane():
    text = VALID.replace("pelaksana: petugas\n      waktu: 2 Hari", "pelaksana: kasir\n      waktu: 2 Hari")
    [problem] = problems_of(text)
    assert (problem.path, problem.line, problem.field) == (
        "sops/contoh.yaml",
        line_of(text, "kasir"),
        "langkah 3.pelaksana",
    )
    assert "kasir" in problem.message and "tidak ada di daftar pelaksana" in problem.message
    assert str(problem).startswith(f"sops/contoh.yaml:{line_of(text, 'kasir')}: langkah 3.pelaksana: ")


def test_step_pointing_nowhere():
    text = VALID.replace("lanjut: 4", "lanjut: 9")
    [problem] = problems_of(text)
    assert (problem.line, problem.field) == (line_of(text, "lanjut: 9"), "langkah 3.lanjut")
    assert "langkah 9 yang tidak ada" in problem.message


def test_decision_without_both_branches():
    text = VALID.replace("      tidak: 4\n", "")
    problems = problems_of(text)
    assert [(p.field, p.line) for p in problems] == [("langkah 2.tidak", line_of(text, "nomor: 2"))]
    assert '"ya" dan "tidak"' in problems[0].message


def test_unreachable_step():
    text = VALID.replace("ya: 3", "ya: 4")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("langkah 3", line_of(text, "nomor: 3"))
    assert "tidak dapat dicapai" in problem.message


def test_no_end():
    text = VALID.replace("jenis: selesai", "jenis: proses").replace("lanjut: 4", "lanjut: 1")
    problems = problems_of(text)
    assert any(p.field == "langkah" and "tidak punya langkah selesai" in p.message for p in problems)
    assert all(p.line > 0 for p in problems)


def test_unparseable_waktu():
    text = VALID.replace("waktu: 2 Hari", "waktu: dua hari")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("langkah 3.waktu", line_of(text, "dua hari"))
    assert "tidak dapat dibaca" in problem.message


def test_unknown_waktu_unit():
    text = VALID.replace("waktu: 2 Hari", "waktu: 2 detik")
    [problem] = problems_of(text)
    assert 'satuan waktu "detik" tidak dikenal' in problem.message


def test_duplicate_step_numbers():
    text = VALID.replace("nomor: 3", "nomor: 2")
    problems = problems_of(text)
    duplicate = [p for p in problems if "dipakai dua kali" in p.message]
    assert [(p.field, p.line) for p in duplicate] == [("langkah 2.nomor", line_of(text, "nomor: 2", 2))]
    assert f"baris {line_of(text, 'nomor: 2')}" in duplicate[0].message


def test_duplicate_lane_codes():
    text = VALID.replace("kode: petugas", "kode: pemohon").replace("pelaksana: petugas", "pelaksana: pemohon")
    problems = problems_of(text)
    assert any(p.field == "pelaksana[2].kode" and "dipakai dua kali" in p.message for p in problems)


def test_unknown_key_is_reported_with_its_line():
    text = VALID.replace("      kelengkapan", "      kelengkapan").replace(
        "waktu: 5 Menit", "waktu: 5 Menit\n      wakut: 5 Menit"
    )
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("langkah[1].wakut", line_of(text, "wakut"))
    assert "kunci tidak dikenal" in problem.message


def test_missing_required_field():
    text = VALID.replace("  nama: CONTOH\n", "")
    [problem] = problems_of(text)
    assert problem.field == "nama" and problem.message == "wajib diisi"


def test_two_starts():
    text = VALID.replace("jenis: keputusan", "jenis: mulai").replace("      ya: 3\n      tidak: 4\n", "")
    problems = problems_of(text)
    assert any("tepat satu langkah mulai" in p.message for p in problems)


def test_bad_date():
    text = VALID.replace("  status: draf\n", "  status: draf\n  tanggal_terbit: 09 Pebruari 2022\n")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("tanggal_terbit", line_of(text, "Pebruari"))


def test_broken_yaml_names_the_line():
    text = VALID.replace("  nama: CONTOH", "  nama: [CONTOH")
    [problem] = problems_of(text)
    assert problem.line > 0 and "bukan YAML yang sah" in problem.message


def test_all_problems_of_a_file_are_reported_at_once():
    text = VALID.replace("waktu: 2 Hari", "waktu: lama").replace(
        "pelaksana: pemohon\n      waktu: 5", "pelaksana: tamu\n      waktu: 5"
    )
    fields = {p.field for p in problems_of(text)}
    assert {"langkah 3.waktu", "langkah 1.pelaksana"} <= fields


@pytest.mark.parametrize("value", ["!!python/object:os.system x", "!!int abc"])
def test_unsafe_or_wrong_tags_are_problems_not_crashes(value):
    text = VALID.replace("  kode: contoh", f"  kode: {value}")
    [problem] = problems_of(text)
    assert "bukan YAML yang sah" in problem.message


def test_recursive_alias_is_a_problem_not_a_crash():
    [problem] = problems_of("sop: &a {kode: *a}\n")
    assert "bukan YAML yang sah" in problem.message


def test_a_key_written_twice_is_reported():
    text = VALID.replace("  nama: CONTOH\n", "  nama: CONTOH\n  nama: LAIN\n")
    [problem] = problems_of(text)
    assert (problem.field, problem.line) == ("nama", line_of(text, "nama: LAIN"))
    assert "dua kali" in problem.message


def test_billion_laughs_is_refused_quickly_and_small():
    """Nine aliases of nine aliases, nine deep: a billion values if expanded; refused after a few thousand."""
    import tracemalloc

    levels = ['  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    text = "sop:\n" + "\n".join(levels) + "\n"
    tracemalloc.start()
    try:
        [problem] = problems_of(text)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "lebih dari 20000 nilai" in problem.message and problem.line > 0
    assert peak < 20 * 1024 * 1024


def test_an_alias_used_as_a_key_is_refused():
    [problem] = problems_of("sop:\n  a: &a [1, 2]\n  ? *a\n  : x\n")
    assert problem.line == 2 and "kunci harus berupa teks" in problem.message  # the line of what the alias names


def test_a_file_over_one_megabyte_is_refused_before_it_is_parsed(tmp_path):
    from sigap.sop.sopfile import load_file

    text = VALID.replace("  nama: CONTOH", "  nama: CONTOH\n  keterangan: |\n" + "    isi\n" * 150_000)
    [problem] = problems_of(text)
    assert "lebih besar dari 1024 KB" in problem.message
    path = tmp_path / "besar.yaml"
    path.write_text(text)
    with pytest.raises(SopFileError, match=r"besar\.yaml: berkas lebih besar dari 1024 KB"):
        load_file(path)


def test_at_most_two_hundred_steps():
    step = "    - {nomor: %d, uraian: Petugas memeriksa, pelaksana: petugas, lanjut: %d}\n"
    steps = "".join(step % (n, n + 1) for n in range(2, 202))
    text = VALID.replace("  langkah:\n", "  langkah:\n" + steps).replace("nomor: 1\n", "nomor: 1\n      lanjut: 2\n")
    [problem] = problems_of(text)
    assert (problem.line, problem.field) == (line_of(text, "langkah:") + 1, "langkah")  # the list's first line
    assert problem.message == "terlalu banyak (204 butir; paling banyak 200)"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("uraian: Petugas mencetak surat", "uraian: " + "x" * 5_000_000, "langkah 3.uraian", "(sekarang 5000000)"),
        ("pertanyaan: Lengkap?", "pertanyaan: " + "x" * 301, "langkah 2.pertanyaan", "(sekarang 301)"),
        ("waktu: 2 Hari", "waktu: 2 Hari" + " " * 40 + "x" * 20, "langkah 3.waktu", "paling banyak 50"),
        ("nama: Pemohon", "nama: " + "P" * 201, "pelaksana[1].nama", "paling banyak 200"),
        ("  nama: CONTOH", "  nama: CONTOH\n  persyaratan: [" + "x" * 2001 + "]", "persyaratan[1]", "(sekarang 2001)"),
        ("kode: contoh", "kode: " + "c" * 101, "kode", "paling banyak 100"),
        ("tidak: 4", "tidak: 4000000000", "langkah 2.tidak", "paling besar 100000"),
    ],
)
def test_over_long_values_are_refused_at_their_line(old, new, field, message, monkeypatch):
    """Lengths of the columns they are stored in; a 5 MB step description used to be accepted."""
    from sigap.sop import yamlfile

    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 10 * 1024 * 1024)  # the file's size is checked first
    text = VALID.replace(old, new, 1)
    [problem] = [p for p in problems_of(text) if p.field == field and message in p.message]
    assert problem.line == line_of(text, new.strip().split("\n")[-1][:20])
