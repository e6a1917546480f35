"""Who signs a letter: the position its template names, or a head of unit "a.n." (on behalf of) that position.

A letter is signed by the holder of the position the template names (an SK
"Keputusan Kepala Dinas" by the Kepala Dinas). Where the organization allows it
(`Organization.signs_on_behalf`), the head of the SOP's unit signs on behalf of
the head of office, and the signature block says so: "a.n. Kepala Dinas …".
Whoever merely records a step never signs in somebody else's name. The signer's
name, rank and NIP come from their membership, else from the position's official.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.orgs.models import Membership, Position


@dataclass(frozen=True)
class Authority:
    """The identity printed under a signature."""

    name: str
    position: str
    rank: str
    nip: str
    on_behalf_of: str = ""  # the position signed for ("a.n."), if any


def named_position(letter) -> Position | None:
    """The position the letter's template names as its signer (the head of office when it names none)."""
    template = letter.template
    if template.signer_position_id:
        return template.signer_position
    return Position.objects.filter(organization_id=letter.organization_id, is_head_of_office=True).first()


def _unit_of(letter) -> int | None:
    sop = letter.template.sop
    return sop.unit_id if sop.organization_id == letter.organization_id else None


def _identity(membership: Membership, *, on_behalf_of: str = "") -> Authority:
    position, user = membership.position, membership.user
    return Authority(
        name=position.official_name or user.get_full_name() or user.username,
        position=position.title,
        rank=membership.rank or position.official_rank,
        nip=membership.nip or position.official_nip,
        on_behalf_of=on_behalf_of,
    )


def signing_authority(user, letter) -> Authority | None:
    """How `user` may sign `letter`, or None if they may not."""
    if user is None or not user.is_authenticated:
        return None
    named = named_position(letter)
    if named is None:
        return None
    memberships = list(
        Membership.objects.filter(user=user, organization_id=letter.organization_id, is_active=True).select_related(
            "position", "user"
        )
    )
    for membership in memberships:
        if membership.position_id == named.pk:
            return _identity(membership)
    unit_id = _unit_of(letter)
    if named.is_head_of_office and letter.organization.signs_on_behalf and unit_id is not None:
        for membership in memberships:
            if membership.position.is_head_of_unit and membership.position.unit_id == unit_id:
                return _identity(membership, on_behalf_of=named.title)
    return None


def who_signs(letter) -> str:
    """Who may sign a letter, for a refusal message: "Kepala Dinas …", or "… atau Kepala Bidang … (a.n.)"."""
    named = named_position(letter)
    if named is None:
        return _("jabatan penandatangan belum ditetapkan")
    unit_id = _unit_of(letter)
    if named.is_head_of_office and letter.organization.signs_on_behalf and unit_id is not None:
        heads = Position.objects.filter(organization_id=letter.organization_id, unit_id=unit_id, is_head_of_unit=True)
        if heads:
            return _("%(named)s, atau %(heads)s a.n. %(named)s") % {
                "named": named.title,
                "heads": ", ".join(head.title for head in heads),
            }
    return named.title
