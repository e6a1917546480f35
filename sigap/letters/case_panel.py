"""The letters panel of the case page (cases.panels): drafts and signed letters, signing (and signing again or
voiding a numbered letter whose signing failed), the case archive."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.cases.panels import PanelContent, PanelLink

from . import permissions
from .authority import who_signs


def letters_panel(*, request, organization, case, task) -> PanelContent:
    letters = list(case.letters.select_related("template__sop", "organization"))
    links = []
    if case.organization_id == organization.pk:
        links.append(PanelLink(_("Unduh arsip (ZIP)"), reverse("letters:archive", args=[organization.slug, case.code])))
    drafts = permissions.waiting_drafts(task) if task is not None and task.organization_id == organization.pk else []
    signable = [draft for draft in drafts if permissions.may_sign(request.user, draft)]
    retry = any(draft.awaits_signature for draft in signable)  # numbered already, its signing not gone through
    return PanelContent(
        context={
            "letters": letters,
            "signing_step": bool(drafts),
            "may_sign": bool(signable),
            "signers": sorted({who_signs(draft) for draft in drafts}),
            "may_reject": bool(signable) and permissions.may_reject_draft(request.user, task),
            "regenerable": [letter for letter in letters if permissions.may_regenerate_draft(request.user, letter)],
            "retry": retry,
            "voidable": [
                letter
                for letter in letters
                if letter.organization_id == organization.pk and permissions.may_void(request.user, letter)
            ],
        },
        links=links,
        complete_label=(_("Coba tanda tangani lagi") if retry else _("Setujui dan tandatangani")) if signable else "",
        complete_asks_code=bool(signable),
    )
