"""Business rules for an organization's staff: adding people, positions and administrators."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

from .models import Membership, Organization, Position


class StaffError(SigapError):
    """A staff change that cannot be made; the message is in Bahasa Indonesia."""


def staff_add(
    *,
    organization: Organization,
    username: str,
    full_name: str,
    position: Position,
    password: str,
    is_admin: bool = False,
) -> Membership:
    """Give a person a position in the organization, creating their login if it does not exist yet."""
    if position.organization_id != organization.pk:
        raise StaffError(_("Jabatan ini bukan milik instansi ini."))
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise StaffError(" ".join(exc.messages)) from exc
            first, _sep, last = full_name.strip().partition(" ")
            user = User.objects.create_user(username=username, password=password, first_name=first, last_name=last)
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, position=position, defaults={"is_admin": is_admin}
        )
        if not created:
            if membership.is_active:
                raise StaffError(_("%(user)s sudah memegang jabatan ini.") % {"user": username})
            membership.is_active, membership.is_admin = True, is_admin
            membership.save(update_fields=["is_active", "is_admin"])
    return membership


def membership_set_active(*, organization: Organization, membership_id: int, active: bool, by) -> Membership:
    membership = Membership.objects.get(pk=membership_id, organization=organization)
    if not active and membership.user_id == by.pk and membership.is_admin:
        raise StaffError(_("Anda tidak dapat menonaktifkan jabatan administrator Anda sendiri."))
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    return membership
