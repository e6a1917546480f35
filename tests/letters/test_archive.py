"""The case archive ZIP: its history shows corrections as the case page does, lanes by their names, and its
index gives the SHA-256 of every other file it holds."""

import hashlib
import io
import re
import zipfile

from sigap.cases import corrections
from tests.factories import dtks_to_signing, login, run


def _archive(client, case) -> zipfile.ZipFile:
    response = client.get(f"/magetan/permohonan/{case.code}/arsip.zip")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_history_shows_corrections_before_and_after_and_lane_names(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    corrections.case_correct_applicant(
        organization=case.organization,
        case_id=case.pk,
        user=magetan_staff["loket"],
        applicant_name="Siti Contoh Baru",
        phone="081200000000",
        address="Jl. Contoh 1",
        reason="Salah ketik nama",
    )
    login(client, magetan_staff["loket"])
    case_page = client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    history = _archive(client, case).read("riwayat.html").decode()
    change = "Nama pemohon: <del>Siti Contoh</del> → Siti Contoh Baru"
    assert change in case_page and change in history and "Salah ketik nama" in history
    lanes = re.findall(r"<td>\d*</td><td>([^<]*)</td>\n<td>", history)  # Langkah, Pelaksana, then Oleh
    assert "Pemohon" in lanes and "Bidang Linjamsos" in lanes, lanes
    assert "pemohon" not in lanes and all(lane == "" or lane[0].isupper() for lane in lanes), lanes


def test_index_lists_the_hash_of_every_other_file(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kadis"])
    login(client, magetan_staff["loket"])
    archive = _archive(client, case)
    index = archive.read("index.html").decode()
    for name in archive.namelist():
        if name != "index.html":
            assert hashlib.sha256(archive.read(name)).hexdigest() in index, name
    assert "<code></code>" not in index
    assert re.search(r"<td>index\.html</td><td>[^<]*</td><td>\(berkas ini\)</td>", index)


def test_the_archive_is_the_offices_record_in_its_language(client, magetan_staff):
    case = dtks_to_signing(magetan_staff)
    login(client, magetan_staff["loket"])
    client.cookies["django_language"] = "en"
    assert "Application" in client.get(f"/magetan/permohonan/{case.code}/").content.decode()
    history = _archive(client, case).read("riwayat.html").decode()
    from django.utils import translation

    from sigap.cases.models import CaseEvent

    with translation.override("id"):
        indonesian = str(CaseEvent.Kind.OPENED.label)
    with translation.override("en"):
        english = str(CaseEvent.Kind.OPENED.label)
    assert indonesian != english and indonesian in history and english not in history
