"""Business rules of the SOP library: importing SOP files into versions.

`sop_import` reads every file first and imports nothing unless all of them
are valid and agree with each other (organizations, units, positions named
by the SOPs exist). Importing is idempotent: organizations and decrees are
updated in place, an SOP gets a new version only when its content changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization, Position, Unit
from sigap.orgs.tenancy import unscoped

from .models import Decree, Lane, Sop, SopVersion, Step
from .sopfile import Document, Problem, SopFileError, discover, load_file


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return (
            [_("baru: %s") % name for name in self.created]
            + [_("berubah: %s") % name for name in self.updated]
            + [_("tetap: %s") % name for name in self.unchanged]
        )


_KIND_ORDER = {"instansi": 0, "keputusan": 1, "sop": 2}


def sop_import(*, paths: list[str | Path]) -> ImportReport:
    """Validate and import SOP files (and folders of them) in one transaction.

    Runs across organizations (the files name theirs): docs/architecture.md, "Tenancy"."""
    with unscoped():
        return _import(paths)


def _import(paths: list[str | Path]) -> ImportReport:
    files = discover(paths)
    documents, problems = [], []
    for path in files:
        try:
            documents.append(load_file(path))
        except SopFileError as exc:
            problems.extend(exc.problems)
        except FileNotFoundError:
            problems.append(Problem(str(path), 0, "", _("berkas tidak ditemukan")))
    if problems:
        raise SopFileError(problems)
    documents.sort(key=lambda d: (_KIND_ORDER[d.kind], d.path))
    _check_references(documents)
    report = ImportReport()
    with transaction.atomic():
        for document in documents:
            {"instansi": _import_organization, "keputusan": _import_decree, "sop": _import_sop}[document.kind](
                document, report
            )
    return report


def _check_references(documents: list[Document]):
    """Cross-file checks: every organization, unit, position and SOP code an SOP names exists."""
    known = _known_codes(documents)
    problems: list[Problem] = []
    sop_codes: dict[tuple[str, str], str] = {}
    for doc in documents:
        if doc.kind == "instansi":
            continue
        slug = doc.data["instansi"]
        if slug not in known:
            problems.append(
                doc.problem(
                    "instansi", _('instansi "%(v)s" tidak dikenal; impor dulu berkas instansinya') % {"v": slug}
                )
            )
            continue
        units, positions = known[slug]
        if doc.kind == "keputusan":
            for section in doc.data["lampiran"]:
                if section["bidang"] not in units:
                    problems.append(
                        doc.problem(
                            "lampiran",
                            _('bidang "%(v)s" tidak ada di instansi %(org)s') % {"v": section["bidang"], "org": slug},
                        )
                    )
            continue
        key = (slug, doc.data["kode"])
        if key in sop_codes:
            problems.append(
                doc.problem(
                    "kode", _('SOP "%(v)s" juga ada di %(other)s') % {"v": doc.data["kode"], "other": sop_codes[key]}
                )
            )
        sop_codes[key] = doc.path
        problems += _sop_reference_problems(doc, slug, units, positions)
    if problems:
        raise SopFileError(problems)


def _known_codes(documents: list[Document]) -> dict[str, tuple[set[str], set[str]]]:
    """Unit and position codes of each organization: those in the database, replaced by the files imported now."""
    known = {}
    for org in Organization.objects.prefetch_related("units", "positions"):
        known[org.slug] = ({u.code for u in org.units.all()}, {p.code for p in org.positions.all()})
    for doc in documents:
        if doc.kind == "instansi":
            known[doc.data["kode"]] = (
                {u["kode"] for u in doc.data["bidang"]},
                {p["kode"] for p in doc.data["jabatan"]},
            )
    return known


def _sop_reference_problems(doc: Document, slug: str, units: set[str], positions: set[str]) -> list[Problem]:
    """An SOP file's unit and its lanes' units and positions, checked against its organization."""
    problems = []
    if doc.data["bidang"] not in units:
        problems.append(
            doc.problem(
                "bidang", _('bidang "%(v)s" tidak ada di instansi %(org)s') % {"v": doc.data["bidang"], "org": slug}
            )
        )
    for lane in doc.data["pelaksana"]:
        if lane["bidang"] and lane["bidang"] not in units:
            problems.append(
                doc.problem(
                    "pelaksana",
                    _('pelaksana "%(lane)s": bidang "%(v)s" tidak ada di instansi %(org)s')
                    % {"lane": lane["kode"], "v": lane["bidang"], "org": slug},
                )
            )
        for code in lane["jabatan"]:
            if code not in positions:
                problems.append(
                    doc.problem(
                        "pelaksana",
                        _('pelaksana "%(lane)s": jabatan "%(v)s" tidak ada di instansi %(org)s')
                        % {"lane": lane["kode"], "v": code, "org": slug},
                    )
                )
    return problems


def _import_organization(doc: Document, report: ImportReport):
    data, digest = doc.data, doc.content_hash
    org = Organization.objects.filter(slug=data["kode"]).first()
    if org is not None and org.content_hash == digest:
        report.unchanged.append(org.name)
        return
    values = {
        "name": data["nama"],
        "government": data["pemerintah"],
        "level": data["tingkat"],
        "region_code": data["kode_wilayah"],
        "address": data["alamat"],
        "postal_code": data["kode_pos"],
        "city": data["kota"],
        "phone": data["telepon"],
        "fax": data["faks"],
        "email": data["email"],
        "website": data["laman"],
        "content_hash": digest,
    }
    org, created = Organization.objects.update_or_create(slug=data["kode"], defaults=values)
    units = {}
    for order, unit in enumerate(data["bidang"]):
        units[unit["kode"]], _created = Unit.objects.update_or_create(
            organization=org,
            code=unit["kode"],
            defaults={"name": unit["nama"], "short_name": unit["singkatan"], "order": order},
        )
    for order, position in enumerate(data["jabatan"]):
        Position.objects.update_or_create(
            organization=org,
            code=position["kode"],
            defaults={
                "title": position["nama"],
                "unit": units.get(position["bidang"]),
                "is_head_of_office": position["kepala_dinas"],
                "is_head_of_unit": position["kepala_bidang"],
                "official_name": position["pejabat"],
                "official_rank": position["pangkat"],
                "official_nip": position["nip"],
                "order": order,
            },
        )
    (report.created if created else report.updated).append(org.name)


def _import_decree(doc: Document, report: ImportReport):
    data, digest = doc.data, doc.content_hash
    org = Organization.objects.get(slug=data["instansi"])
    decree = Decree.objects.filter(organization=org, number=data["nomor"]).first()
    label = _("Keputusan %s") % data["nomor"]
    if decree is not None and decree.content_hash == digest:
        report.unchanged.append(label)
        return
    created = decree is None
    decree, _created = Decree.objects.update_or_create(
        organization=org,
        number=data["nomor"],
        defaults={
            "date": data["tanggal"],
            "title": data["judul"],
            "data": data,
            "content_hash": digest,
            "source_path": doc.path,
        },
    )
    units = {u.code: u for u in org.units.all()}
    order = 0
    for section in data["lampiran"]:
        for entry in section["sop"]:
            order += 1
            Sop.objects.update_or_create(
                organization=org,
                code=entry["kode"],
                defaults={
                    "unit": units[section["bidang"]],
                    "decree": decree,
                    "letter": entry["huruf"],
                    "order": order,
                    "title": entry["nama"],
                },
            )
    (report.created if created else report.updated).append(label)


def _import_sop(doc: Document, report: ImportReport):
    data, digest = doc.data, doc.content_hash
    org = Organization.objects.get(slug=data["instansi"])
    unit = org.units.get(code=data["bidang"])
    sop = Sop.objects.select_related("current_version").filter(organization=org, code=data["kode"]).first()
    if sop is None:
        sop = Sop.objects.create(
            organization=org,
            code=data["kode"],
            unit=unit,
            letter=data["huruf"],
            title=_title_case(data["nama"]),
            order=Sop.objects.filter(organization=org).count() + 1,
        )
    label = f"{org.slug}/{sop.code}"
    if sop.current_version is not None and sop.current_version.content_hash == digest:
        report.unchanged.append(label)
        return
    last = sop.versions.order_by("-revision").values_list("revision", flat=True).first() or 0
    version = _create_version(sop, doc, revision=last + 1)
    Sop.objects.filter(pk=sop.pk).update(current_version=version, unit=unit, letter=data["huruf"] or sop.letter)
    (report.created if last == 0 else report.updated).append(f"{label} (versi {version.revision})")


def _create_version(sop: Sop, doc: Document, *, revision: int) -> SopVersion:
    """A new immutable version of an SOP from its file, with its lanes and steps."""
    data = doc.data
    version = SopVersion.objects.create(
        sop=sop,
        revision=revision,
        status=data["status"],
        content_hash=doc.content_hash,
        data=data,
        source_path=doc.path,
        name=data["nama"],
        document_number=data["nomor_dokumen"],
        made_on=data["tanggal_pembuatan"],
        issued_on=data["tanggal_terbit"],
        revision_label=data["nomor_revisi"],
        effective_on=data["tanggal_efektif"],
    )
    lanes = {}
    for order, lane in enumerate(data["pelaksana"]):
        lanes[lane["kode"]] = Lane.objects.create(
            version=version,
            code=lane["kode"],
            name=lane["nama"],
            kind=lane["jenis"],
            order=order,
            unit_code=lane["bidang"],
            position_codes=lane["jabatan"],
            external_org=lane["instansi"],
            from_step=lane["mulai_langkah"],
        )
    Step.objects.bulk_create(
        [
            Step(
                version=version,
                number=step["nomor"],
                kind=step["jenis"],
                text=step["uraian"],
                lane=lanes[step["pelaksana"]],
                requirements=step["kelengkapan"],
                duration_text=step["waktu"],
                output=step["output"],
                note=step["keterangan"],
                question=step["pertanyaan"],
                next_number=step["lanjut"],
                yes_number=step["ya"],
                no_number=step["tidak"],
            )
            for step in data["langkah"]
        ]
    )
    return version


def _title_case(name: str) -> str:
    return name if not name.isupper() else name.title()


def sop_version_export(version: SopVersion) -> dict:
    """The SOP file content of a version, as `sop_import` reads it back."""
    return {"sop": version.data}
