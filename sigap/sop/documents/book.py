"""The Buku SOP: the decree on its cover, its lampiran as a table of contents, and every established SOP."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Sop
from .context import sop_document
from .layout import paper_get
from .printing import PrintJob


def book_contents(*, organization) -> dict:
    """The decree of the Buku SOP, its lampiran as a table of contents, and the established SOP versions in order."""
    decrees = list(selectors.decree_list(organization=organization))
    decree = max(decrees, key=lambda d: (d.date is not None, d.date, d.pk)) if decrees else None
    versions = selectors.sop_current_versions(organization=organization)
    prefetch_related_objects(versions, "lanes", "steps__lane", "sop__unit", "sop__organization")
    by_code = {v.sop.code: v for v in versions}
    units = {unit.code: unit for unit in organization.units.all()}
    sections, included = [], []
    if decree is not None:
        for section in decree.data.get("lampiran", []):
            unit = units.get(section["bidang"])
            entries = []
            for entry in section["sop"]:
                version = by_code.get(entry["kode"])
                established = version is not None and version.status == Sop.Status.ESTABLISHED
                if established:
                    included.append(version)
                entries.append(
                    {
                        "code": entry["kode"],
                        "letter": entry.get("huruf", ""),
                        "name": entry["nama"],
                        "version": version if established else None,
                        "status": version.get_status_display() if version is not None else _("Belum disusun"),
                    }
                )
            sections.append(
                {"title": section.get("judul") or (unit.name if unit else section["bidang"]), "entries": entries}
            )
    else:
        entries = []
        for version in versions:
            if version.status == Sop.Status.ESTABLISHED:
                included.append(version)
                entries.append(
                    {
                        "code": version.sop.code,
                        "letter": version.sop.letter,
                        "name": version.sop.title,
                        "version": version,
                        "status": version.get_status_display(),
                    }
                )
        sections.append({"title": "", "entries": entries})
    number = 0
    for section in sections:
        for entry in section["entries"]:
            number += 1
            entry["number"] = number
    return {"decree": decree, "sections": sections, "versions": included}


def book_print(organization, paper: str = "A4") -> PrintJob:
    """The Buku SOP, ready to print."""
    paper_obj = paper_get(paper)
    contents = book_contents(organization=organization)
    docs = [sop_document(v, paper=paper_obj, paginate=True, for_print=True) for v in contents["versions"]]
    decree = contents["decree"]
    data = decree.data if decree is not None else {}
    letters = "abcdefghijklmnopqrstuvwxyz"
    context = {
        "organization": organization,
        "decree": decree,
        "data": data,
        "menimbang": [(letters[i % 26], text) for i, text in enumerate(data.get("menimbang", []))],
        "signer": data.get("penandatangan") or {},
        "official_title": (
            (data.get("penandatangan") or {}).get("jabatan") or _("Kepala %(org)s") % {"org": organization.name}
        ),
        "kop_name": organization.letterhead_name,
        "sections": contents["sections"],
        "docs": docs,
        "year": decree.date.year if decree is not None and decree.date else "",
    }
    images = {url: svg for doc in docs for url, svg in doc["images"].items()}
    return PrintJob(render_to_string("sop/document/book.html", context), "book", paper_obj.name, images)


def book_pdf_html(organization, paper: str = "A4") -> str:
    """The HTML that `book_pdf` prints."""
    return book_print(organization, paper).html


def book_pdf(organization, paper: str = "A4") -> bytes:
    """The Buku SOP: cover, the decree, and its lampiran with a table of contents and every established SOP."""
    return book_print(organization, paper).pdf()
