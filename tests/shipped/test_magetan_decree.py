"""The three Magetan SOPs compared field by field with the text of the decree.

The decree text (tests/data, the OCR of Keputusan 188/17/KEPT/403.107/2022) is
parsed independently of the SOP files: its identity blocks and its step tables
(tab-separated rows). Every field the SOP files carry must be the decree's.
"""

import re
from pathlib import Path

import pytest

from sigap.sop.models import Sop

DECREE = (Path(__file__).parent.parent / "data" / "keputusan-magetan-188-17-2022.txt").read_text(encoding="utf-8")

SOP_CODES = {
    "SURAT KETERANGAN TERDAFTAR DTKS": "surat-keterangan-terdaftar-dtks",
    "REAKTIFASI KARTU PBI-JKN": "reaktifasi-kartu-pbi-jkn",
    "PELAYANAN PROSES ADOPSI ANAK.": "pelayanan-proses-adopsi-anak",
}


def normalize(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def sections() -> dict[str, str]:
    """The decree text of each SOP, from its "No. Dokumen" line to the next one."""
    parts = re.split(r"(?=No\. Dokumen\s*:)", DECREE)[1:]
    result = {}
    for part in parts:
        name = re.search(r"Nama SOP\s*:\s*(.+)", part).group(1).strip()
        result[SOP_CODES[name]] = part
    return result


def table_rows(section: str) -> dict[int, dict]:
    """Step rows: number -> uraian, lane cells and the Mutu Baku columns (last four cells)."""
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^(\d+)\.?\t", line)
        if not match:
            continue
        cells = [c.strip() for c in line.split("\t")]
        kelengkapan, waktu, output, keterangan = cells[-4:]
        rows[int(match.group(1))] = {
            "uraian": cells[1],
            "kelengkapan": kelengkapan,
            "waktu": waktu,
            "output": output,
            "keterangan": keterangan,
        }
    return rows


def lane_headers(section: str) -> list[list[str]]:
    """Each header row of the step table lists the lanes between "" "" and "Kelengkapan"."""
    headers = []
    for line in section.splitlines():
        if line.startswith("\t\t") and "Kelengkapan" in line:
            cells = [c.strip() for c in line.split("\t")]
            headers.append(cells[2 : cells.index("Kelengkapan")])
    return headers


@pytest.fixture
def magetan_versions(shipped_sops):
    return {sop.code: sop.current_version for sop in Sop.objects.filter(organization__slug="magetan")}


@pytest.mark.parametrize("code", sorted(SOP_CODES.values()))
def test_steps_match_the_decree_table(magetan_versions, code):
    version = magetan_versions[code]
    rows = table_rows(sections()[code])
    steps = {step.number: step for step in version.steps.all()}
    numbered_rows = {n: row for n, row in rows.items() if row["uraian"]}
    assert set(numbered_rows) <= set(steps)
    for number, row in numbered_rows.items():
        step = steps[number]
        assert normalize(step.text) == normalize(row["uraian"]), number
        assert step.requirements == row["kelengkapan"], number
        assert step.duration_text == row["waktu"], number
        assert step.output == row["output"].rstrip("."), number
        assert step.note == row["keterangan"], number
    # A table row whose uraian is empty is the closing terminator ("Selesai").
    for number, row in rows.items():
        if not row["uraian"]:
            assert steps[number].kind == "selesai"


def test_adoption_end_row_is_the_unnumbered_closing_row(magetan_versions):
    closing = [
        line for line in sections()["pelayanan-proses-adopsi-anak"].splitlines() if "PROSES ADOPSI SELESAI" in line
    ]
    last = magetan_versions["pelayanan-proses-adopsi-anak"].steps.order_by("-number").first()
    assert last.kind == "selesai"
    assert last.text == normalize(closing[0])


@pytest.mark.parametrize("code", sorted(SOP_CODES.values()))
def test_lanes_are_named_as_in_the_decree(magetan_versions, code):
    version = magetan_versions[code]
    headers = lane_headers(sections()[code])
    lanes = [lane.name for lane in version.lanes.all()]
    widest = max(headers, key=len)

    def same(name):  # the two pages of a table space "Kepala Dinas /Kabid" differently
        return re.sub(r"\s*/\s*", " / ", normalize(name))

    assert [same(name) for name in lanes] == [same(name) for name in widest]
    for lane in version.lanes.all():
        # A lane that the decree adds on a later page starts there, and only there.
        on_first_page = same(lane.name) in [same(h) for h in headers[0]]
        assert (lane.from_step is None) == on_first_page


@pytest.mark.parametrize("code", sorted(SOP_CODES.values()))
@pytest.mark.parametrize(
    "key",
    [
        "dasar_hukum",
        "kualifikasi_pelaksana",
        "keterkaitan",
        "peralatan_perlengkapan",
        "peringatan",
        "pencatatan_pendataan",
    ],
)
def test_identity_lists_are_verbatim(magetan_versions, code, key):
    version = magetan_versions[code]
    text = normalize(sections()[code])
    items = version.identity_list(key)
    assert items, key
    for item in items:
        assert normalize(item) in text, item


@pytest.mark.parametrize("code", sorted(SOP_CODES.values()))
def test_dates_and_name(magetan_versions, code):
    version = magetan_versions[code]
    section = sections()[code]
    assert version.name == re.search(r"Nama SOP\s*:\s*(.+)", section).group(1).strip()
    months = {"Pebruari": 2, "Februari": 2}
    for label, value in (("Tanggal terbit", version.issued_on), ("Tgl. Mulai Berlaku", version.effective_on)):
        day, month, year = re.search(label + r"\s*:\s*(\d+) (\w+) (\d{4})", section).groups()
        assert (value.day, value.month, value.year) == (int(day), months[month], int(year))


def test_decree_record(shipped_sops):
    from sigap.sop.models import Decree

    decree = Decree.objects.get(organization__slug="magetan")
    text = normalize(DECREE)
    assert decree.number.replace("/", " / ").split() == ["188", "/", "17", "/", "KEPT", "/", "403.107", "/", "2022"]
    assert decree.date.isoformat() == "2022-02-04"
    for item in decree.data["menimbang"] + decree.data["mengingat"]:
        assert normalize(item) in text, item
    for diktum in decree.data["diktum"]:
        assert normalize(diktum["isi"]) in text
    assert "PARMINTO BUDI UTOMO" in decree.data["penandatangan"]["nama"]
    assert decree.data["penandatangan"]["nip"].replace(" ", "") == "197212211993021002"
    assert [s.code for s in decree.sops.order_by("order")] == list(SOP_CODES.values())
