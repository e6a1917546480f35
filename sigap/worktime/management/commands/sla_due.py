"""`manage.py sla_due --org SLUG --start ISO --duration WAKTU`: print when work started then falls due."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sigap.orgs.models import Organization
from sigap.orgs.tenancy import unscoped
from sigap.worktime.calendar import JAKARTA, WorkCalendar
from sigap.worktime.durations import DurationError, parse_duration


class Command(BaseCommand):
    help = _("Hitung batas waktu sebuah waktu SOP menurut hari dan jam kerja instansi.")

    def add_arguments(self, parser):
        parser.add_argument("--org", help=_("kode instansi; tanpa ini dipakai kalender nasional"))
        parser.add_argument(
            "--start", required=True, help=_("waktu mulai ISO 8601, mis. 2026-11-27T10:00:00+07:00 (tanpa zona: WIB)")
        )
        parser.add_argument("--duration", required=True, help=_('waktu SOP, mis. "30 menit" atau "1-2 bulan"'))

    @unscoped()  # runs for every organization (docs/architecture.md, "Tenancy")
    def handle(self, *args, org, start, duration, **options):
        organization = None
        if org:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise CommandError(_('Instansi "%(slug)s" tidak dikenal.') % {"slug": org})
        try:
            moment = datetime.fromisoformat(start)
        except ValueError:
            raise CommandError(
                _('Waktu mulai "%(start)s" tidak dapat dibaca; contoh: 2026-11-27T10:00:00+07:00') % {"start": start}
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=JAKARTA)
        try:
            parsed = parse_duration(duration)
        except DurationError as exc:
            raise CommandError(str(exc)) from exc
        calendar = WorkCalendar.for_organization(organization)
        target, limit = calendar.due_range(moment, parsed)
        if parsed.is_range:
            self.stdout.write(f"target: {target.isoformat()}")
            self.stdout.write(f"batas: {limit.isoformat()}")
        else:
            self.stdout.write(target.isoformat())
