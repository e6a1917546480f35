"""Business rules for an organization's staff (people, positions, administrators, the identity printed under
a signature) and for its signing setting."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError

from . import config
from .invite import invite_send
from .models import Membership, Organization, Position
from .validators import name_checked, text_checked

NIP_DIGITS = 18
RANK_MAX = Membership._meta.get_field("rank").max_length or 100
NAME_MAX = 150  # the user's username, and first_name (the full name is split into first and last)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class StaffError(SigapError):
    """A staff change that cannot be made; the message is in Bahasa Indonesia."""


def _username_unavailable() -> str:
    """The one refusal for a name that cannot be used, whoever holds it: it tells no one who exists where."""
    return _("Nama pengguna tidak dapat dipakai; pilih nama pengguna lain.")


def staff_add(
    *,
    organization: Organization,
    username: str,
    full_name: str,
    position: Position,
    password: str,
    email: str = "",
    is_admin: bool = False,
) -> tuple[Membership, bool]:
    """Give a person a position in the organization: a new login, or one already on this organization's staff.

    A login that exists but is not a member here (another organization's staff, the platform superuser) is
    never attached; the refusal says only that the name cannot be used, whoever holds it. A new login gets the
    initial password typed, or, without one, an invitation to `email` to set their own (invite.py).
    Returns the membership and whether an invitation was sent."""
    if position.organization_id != organization.pk:
        raise StaffError(_("Jabatan ini bukan milik instansi ini."))
    full_name = name_checked(full_name, label=_("Nama lengkap"), error=StaffError)
    text_checked(full_name, label=_("Nama lengkap"), limit=NAME_MAX, error=StaffError)
    text_checked(username, label=_("Nama pengguna"), limit=NAME_MAX, error=StaffError)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is not None and not Membership.objects.filter(user=user, organization=organization).exists():
            raise StaffError(_username_unavailable())
        invited = user is None and not password
        if invited and not email:
            raise StaffError(_("Isi kata sandi awal, atau alamat e-mail untuk mengirim undangan."))
        if user is None:
            if not invited:
                try:
                    validate_password(password)
                except ValidationError as exc:
                    raise StaffError(" ".join(exc.messages)) from exc
            first, _sep, last = full_name.strip().partition(" ")
            user = User.objects.create_user(
                username=username, password=password or None, email=email, first_name=first, last_name=last
            )
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, position=position, defaults={"is_admin": is_admin}
        )
        if not created:
            if membership.is_active:
                raise StaffError(_("%(user)s sudah memegang jabatan ini.") % {"user": username})
            membership.is_active, membership.is_admin = True, is_admin
            membership.save(update_fields=["is_active", "is_admin"])
        if invited:
            try:
                invite_send(user=user, organization=organization)
            except OSError as exc:  # the mail server refused or is away: no login without its invitation
                raise StaffError(
                    _("Undangan tidak dapat dikirim ke %(email)s; coba lagi nanti.") % {"email": email}
                ) from exc
    return membership, invited


def membership_set_active(*, organization: Organization, membership_id: int, active: bool, by) -> Membership:
    membership = Membership.objects.get(pk=membership_id, organization=organization)
    if not active and membership.user_id == by.pk and membership.is_admin:
        raise StaffError(_("Anda tidak dapat menonaktifkan jabatan administrator Anda sendiri."))
    membership.is_active = active
    membership.save(update_fields=["is_active"])
    return membership


def nip_normalize(value: str) -> str:
    """A civil servant's NIP as printed, "19800101 200501 1 003" (birth date, appointment month, sex, serial);
    the empty string for none. Spaces may be typed anywhere; anything else that is not 18 digits is refused."""
    value = value.strip()
    if not value:
        return ""
    if _CONTROL.search(value):
        raise StaffError(_("NIP tidak boleh memuat karakter kendali."))
    digits = value.replace(" ", "")
    if len(digits) != NIP_DIGITS or not digits.isascii() or not digits.isdigit():
        raise StaffError(_("NIP harus terdiri dari 18 angka, misalnya 19800101 200501 1 003."))
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise StaffError(_("Delapan angka pertama NIP harus tanggal lahir yang ada (TTTTBBHH).")) from None
    if not 1 <= int(digits[12:14]) <= 12:
        raise StaffError(_("Angka ke-9 sampai ke-14 NIP harus tahun dan bulan pengangkatan (TTTTBB)."))
    if digits[14] not in "12":
        raise StaffError(_("Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)."))
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def rank_normalize(value: str) -> str:
    """A pangkat/golongan as typed ("Pembina Tk. I (IV/b)"), trimmed; control characters and overlong text refused."""
    if _CONTROL.search(value):
        raise StaffError(_("Pangkat/golongan tidak boleh memuat karakter kendali."))
    value = " ".join(value.split())
    if len(value) > RANK_MAX:
        raise StaffError(_("Pangkat/golongan paling banyak %(max)s karakter.") % {"max": RANK_MAX})
    return value


def membership_identity_set(*, organization: Organization, membership_id: int, nip: str, rank: str) -> Membership:
    """Set the NIP and pangkat/golongan printed under a staff member's signature (empty: the position's own)."""
    nip, rank = nip_normalize(nip), rank_normalize(rank)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(pk=membership_id, organization=organization).first()
        if membership is None:
            raise StaffError(_("Petugas ini bukan anggota instansi ini."))
        membership.nip, membership.rank = nip, rank
        membership.save(update_fields=["nip", "rank"])
    return membership


def organization_signing_set(*, organization: Organization, signs_on_behalf: bool) -> Organization:
    """Let heads of unit sign "a.n." the head of office, or not.

    Nothing remembered under the organization's stamp reads this today (the signing rule reads the row), but it
    is a setting like the calendar and the lanes: the stamp is renewed so that anything remembered later stays true."""
    with transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(signs_on_behalf=signs_on_behalf)
        organization.signs_on_behalf = signs_on_behalf
        organization.config_stamp = config.changed([organization.pk])
    return organization
