"""Business rules for an organization's working calendar: local closure days."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sigap.orgs.errors import SigapError
from sigap.orgs.validators import fits

from .models import Closure


class CalendarError(SigapError):
    """A calendar change that cannot be made; the message is in Bahasa Indonesia."""


def closure_add(*, organization, date: datetime.date, name: str) -> Closure:
    """A local closure day; its name is refused when empty, too long or holding control characters."""
    name = name.strip()
    if not name:
        raise CalendarError(_("Sebutkan nama hari libur lokal."))
    fits(Closure, "name", name, error=CalendarError)
    try:
        with transaction.atomic():
            return Closure.objects.create(organization=organization, date=date, name=name)
    except IntegrityError as exc:
        raise CalendarError(_("Tanggal %(d)s sudah tercatat sebagai hari libur.") % {"d": date.isoformat()}) from exc


def closure_remove(*, organization, closure_id: int) -> None:
    """Remove one of the organization's local closures; a closure of another organization (or of every
    organization) is "not found"."""
    deleted, _rows = Closure.objects.filter(pk=closure_id, organization=organization).delete()
    if not deleted:
        raise Closure.DoesNotExist
