"""What a letter-template file (`surat/<organization>.yaml`) says, as model fields; the loader calls these.

Keys of a template beside the body: `penandatangan`, the code of the position
that signs it (default: the head of office; authority.py), and
`kepada_instansi_lain: true` for a letter addressed to another agency, the only
kind whose body may print the full NIK with `{{ nik }}` (placeholders.py). At
the top, `atas_nama: true` lets the heads of unit of the organization sign
"a.n." the head of office.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError
from sigap.orgs.models import Organization, Position

from . import placeholders, sanitize


class TemplateFileError(SigapError):
    """A letter-template entry that cannot be loaded; the message names what is wrong, in Bahasa Indonesia."""


def template_fields(item: dict, *, organization: Organization, sop) -> dict:
    """The LetterTemplate fields of one `templat` entry; raises TemplateFileError naming what is wrong."""
    to_other_agency = bool(item.get("kepada_instansi_lain", False))
    body = sanitize.letter_body(item["isi"].strip())
    try:
        placeholders.check(body, to_other_agency=to_other_agency)
    except placeholders.PlaceholderError as exc:
        raise TemplateFileError(str(exc)) from exc
    signer = None
    if item.get("penandatangan"):
        signer = Position.objects.filter(organization=organization, code=item["penandatangan"]).first()
        if signer is None:
            raise TemplateFileError(
                _('penandatangan: jabatan "%(code)s" tidak ada di %(org)s')
                % {"code": item["penandatangan"], "org": organization.name}
            )
    return {
        "name": item["jenis"],
        "sop": sop,
        "sign_step": item["langkah_tandatangan"],
        "prepare_step": item["langkah_penyiapan"],
        "classification": str(item["klasifikasi"]),
        "title": item["judul"],
        "body": body,
        "signer_position": signer,
        "to_other_agency": to_other_agency,
    }
