"""Template filters of the case engine's pages."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.cases import corrections, selectors
from sigap.cases.models import Case

register = template.Library()


@register.filter
def working_time(minutes) -> str:
    """Working minutes as hours and minutes: 10131 → "168 jam 51 menit"."""
    hours, rest = divmod(int(minutes or 0), 60)
    parts = [ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours}] if hours else []
    if rest or not hours:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", rest) % {"n": rest})
    return " ".join(parts)


@register.filter
def lane_name(task) -> str:
    """The Pelaksana that works a task's step ("Kepala Dinas / Kabid Linjamsos"), not just "Petugas"."""
    return selectors.lane_name(task)


@register.simple_tag
def return_checklist(case) -> list[tuple[str, bool]]:
    """The items the office may mark missing when returning the documents (the SOP's requirements)."""
    return selectors.return_checklist(case)


@register.simple_tag
def resume_items(case) -> list[str]:
    """The missing items offered, ticked, when the applicant comes back."""
    return corrections.resume_items(case)


@register.simple_tag
def still_missing(case) -> list[str]:
    """The requirements the case's record still has as not brought."""
    return corrections.still_missing(case)


@register.filter
def case_state(case) -> str:
    """The case's status, with how it ended once closed: "Selesai — ditolak"."""
    if case.status == Case.Status.DONE and case.result:
        return _("%(status)s — %(result)s") % {
            "status": case.get_status_display(),
            "result": case.get_result_display().lower(),
        }
    return case.get_status_display()


@register.filter
def case_badge(case) -> str:
    """The badge colour of a case's status: granted green, refused red, ended grey, open blue or yellow."""
    if case.status == Case.Status.DONE:
        return {Case.Result.REFUSED: "text-bg-danger", Case.Result.ENDED: "text-bg-secondary"}.get(
            case.result, "text-bg-success"
        )
    return "text-bg-primary" if case.status == Case.Status.OFFICE else "text-bg-warning"


@register.simple_tag
def upload_limit_mb() -> str:
    """The upload limit (SIGAP_UPLOAD_MAX_BYTES) in MB, as the forms tell it."""
    return f"{settings.SIGAP_UPLOAD_MAX_BYTES / (1024 * 1024):g}"
