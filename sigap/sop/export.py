"""An organization's whole SOP set as `sop_export` writes it.

The decree (its lampiran) is where the list of an office's SOPs lives: importing
it gives every entry a `Sop` row, and an SOP file later gives that row its
versions. Until then the SOP's status is `Sop.Status.NOT_WRITTEN` — established
by the decree, procedure not yet written. The export lists every SOP in decree
order: a written one as its SOP file (`sop_version_export`), a not-yet-written
one by what the decree says of it (code, unit, letter, title) with that status.
"""

from __future__ import annotations

from pathlib import Path

from sigap.orgs.models import Organization

from . import selectors
from .models import Decree, Sop
from .services import sop_version_export

FORMAT = "sigap-sop/2"  # /1 listed written SOPs only; /2 adds those not yet written


def sop_entry(sop: Sop, organization: Organization) -> dict:
    """One SOP of the set: the content of its SOP file, or the decree's listing of an SOP not yet written."""
    if sop.current_version is not None:
        return sop_version_export(sop.current_version)["sop"]
    return {
        "instansi": organization.slug,
        "kode": sop.code,
        "bidang": sop.unit.code,
        "huruf": sop.letter,
        "status": Sop.Status.NOT_WRITTEN.value,
        "nama": sop.title,
        "keputusan": sop.decree.number if sop.decree else None,
    }


def sop_set_export(*, organization: Organization) -> dict:
    """Every SOP of the organization, written or not, in the order of its decree."""
    sops = selectors.sop_list(organization=organization)
    return {"format": FORMAT, "instansi": organization.slug, "sop": [sop_entry(sop, organization) for sop in sops]}


def decree_export(decree: Decree) -> dict:
    """A decree as `sop_import` reads it back (the same data, so importing it changes nothing)."""
    return {"keputusan": decree.data}


def decree_file_stem(decree: Decree) -> str:
    """The file name (without extension) a decree is exported to: the name of the file it came from."""
    return Path(decree.source_path).stem if decree.source_path else f"keputusan-{decree.pk}"
