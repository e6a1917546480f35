"""Importing SOP files: idempotent, versioned, all-or-nothing, and round-trip through export."""

import json
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from sigap.sop.models import Decree, Sop, SopVersion, Step
from sigap.sop.services import sop_import
from sigap.sop.sopfile import SopFileError
from tests.conftest import SOP_DIR


def snapshot():
    return sorted(SopVersion.objects.values_list("sop__organization__slug", "sop__code", "revision", "content_hash"))


@pytest.fixture
def sop_tree(tmp_path):
    """A writable copy of the shipped SOP files."""
    target = tmp_path / "sops"
    shutil.copytree(SOP_DIR, target)
    return target


def test_unchanged_files_change_nothing(shipped_sops):
    before = snapshot()
    report = sop_import(paths=[SOP_DIR])
    assert not report.created and not report.updated
    assert snapshot() == before


def test_changed_file_becomes_a_new_version(db, sop_tree):
    sop_import(paths=[sop_tree])
    path = sop_tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(path.read_text().replace("waktu: 6 Menit", "waktu: 10 Menit"))
    report = sop_import(paths=[sop_tree])
    assert report.updated == ["magetan/surat-keterangan-terdaftar-dtks (versi 2)"]
    sop = Sop.objects.get(code="surat-keterangan-terdaftar-dtks")
    assert sop.current_version.revision == 2
    assert sop.current_version.steps.get(number=3).duration_text == "10 Menit"
    old = sop.versions.get(revision=1)
    assert old.steps.get(number=3).duration_text == "6 Menit"


def test_comment_only_change_is_not_a_new_version(db, sop_tree):
    sop_import(paths=[sop_tree])
    path = sop_tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text("# catatan baru\n" + path.read_text())
    before = snapshot()
    sop_import(paths=[sop_tree])
    assert snapshot() == before


def test_a_wrong_file_changes_nothing(db, sop_tree):
    sop_import(paths=[sop_tree])
    good = sop_tree / "magetan" / "reaktifasi-kartu-pbi-jkn.yaml"
    good.write_text(good.read_text().replace("waktu: 30 Menit", "waktu: 45 Menit"))
    bad = sop_tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    bad.write_text(bad.read_text().replace("ya: 4", "ya: 40"))
    before = snapshot()
    with pytest.raises(SopFileError) as info:
        sop_import(paths=[sop_tree])
    assert str(info.value).startswith(f"{bad}:")
    assert "langkah 2.ya" in str(info.value)
    assert snapshot() == before


def test_reference_to_unknown_position_names_the_file(shipped_sops, sop_tree):
    before = snapshot()
    path = sop_tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(path.read_text().replace("jabatan: [kadis, kabid-linjamsos]", "jabatan: [kadis, bupati]"))
    with pytest.raises(SopFileError) as info:
        sop_import(paths=[sop_tree])
    assert 'jabatan "bupati" tidak ada di instansi magetan' in str(info.value)
    assert snapshot() == before


def test_command_reports_errors_in_bahasa(db, sop_tree):
    path = sop_tree / "magetan" / "surat-keterangan-terdaftar-dtks.yaml"
    path.write_text(path.read_text().replace("waktu: 1 Menit", "waktu: sebentar", 1))
    with pytest.raises(CommandError) as info:
        call_command("sop_import", str(sop_tree))
    assert "Tidak ada yang diimpor" in str(info.value)
    assert 'waktu "sebentar" tidak dapat dibaca' in str(info.value)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_round_trip_import_export_import(shipped_sops, tmp_path, fmt):
    before = snapshot()
    for org in ("magetan", "bangkalan"):
        call_command("sop_export", org=org, format=fmt, output=str(tmp_path / org))
    files = sorted(tmp_path.rglob(f"*.{fmt}"))
    written = SopVersion.objects.filter(sop__current_version__isnull=False).values("sop").distinct().count()
    assert len(files) == written + Decree.objects.filter(organization__slug__in=["magetan", "bangkalan"]).count()
    assert (tmp_path / "bangkalan" / f"keputusan-2025.{fmt}").exists()
    report = sop_import(paths=[tmp_path])
    assert not report.created and not report.updated
    assert snapshot() == before


def test_export_to_stdout_is_the_documented_json(shipped_sops, capsys):
    call_command("sop_export", org="magetan", format="json")
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "sigap-sop/2" and document["instansi"] == "magetan"
    dtks = next(s for s in document["sop"] if s["kode"] == "surat-keterangan-terdaftar-dtks")
    decision = next(s for s in dtks["langkah"] if s["jenis"] == "keputusan")
    assert (decision["pertanyaan"], decision["ya"], decision["tidak"]) == ("Terdaftar di SIKS-NG?", 4, 3)
    assert len(dtks["langkah"]) == Step.objects.filter(version__sop__code="surat-keterangan-terdaftar-dtks").count()


def test_export_yaml_to_stdout_parses(shipped_sops, capsys):
    call_command("sop_export", org="magetan", format="yaml")
    document = yaml.safe_load(capsys.readouterr().out)
    assert {s["kode"] for s in document["sop"]} == set(
        Sop.objects.filter(organization__slug="magetan").values_list("code", flat=True)
    )


def test_export_unknown_org(db):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("sop_export", org="atlantis", format="json")


def test_export_is_the_whole_sop_set_of_the_decree(shipped_sops, capsys):
    """Bangkalan's decree establishes 46 SOPs; 6 are written. The export lists all 46, in decree order."""
    call_command("sop_export", org="bangkalan", format="json")
    document = json.loads(capsys.readouterr().out)
    decree = Decree.objects.get(organization__slug="bangkalan")
    listed = [(section["bidang"], e["huruf"], e["kode"]) for section in decree.data["lampiran"] for e in section["sop"]]
    assert len(listed) == 46
    assert [(s["bidang"], s["huruf"], s["kode"]) for s in document["sop"]] == listed
    written = [s for s in document["sop"] if s["status"] != "belum_disusun"]
    unwritten = [s for s in document["sop"] if s["status"] == "belum_disusun"]
    assert len(written) == 6 and len(unwritten) == 40
    assert {s["status"] for s in written} == {"draf"} and all(s["langkah"] and s["pelaksana"] for s in written)
    assert {s["bidang"] for s in unwritten} == {"sekretariat", "dayasos", "linjamsos", "rehsos"}
    spp = next(s for s in unwritten if s["kode"] == "penyiapan-spp")
    assert spp == {
        "instansi": "bangkalan",
        "kode": "penyiapan-spp",
        "bidang": "sekretariat",
        "huruf": "A",
        "status": "belum_disusun",
        "nama": "Penyiapan SPP UP/GU/TU/LS Gaji dan LS Barang dan Jasa",
        "keputusan": "400.9/…/433.105/2025",
    }
    assert Sop.Status("belum_disusun").label == "Belum disusun"


def test_export_of_unwritten_sops_survives_a_second_import(shipped_sops, capsys):
    """sop_import stays idempotent: importing the shipped files again keeps the 40 SOPs without versions."""
    sop_import(paths=[SOP_DIR])
    call_command("sop_export", org="bangkalan", format="yaml")
    document = yaml.safe_load(capsys.readouterr().out)
    assert sum(s["status"] == "belum_disusun" for s in document["sop"]) == 40
    assert Sop.objects.filter(organization__slug="bangkalan").count() == 46
