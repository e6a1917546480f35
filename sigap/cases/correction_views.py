"""Staff pages that correct an open case, and the member-only view that serves its uploaded files.

Corrections go through sigap.cases.corrections; files are read from storage and sent with their
checked content type and name, never through a public media URL.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sigap.orgs.access_log import AccessRecord, record_access
from sigap.orgs.tenancy import Audience, handover_scope, page

from . import corrections, permissions, selectors, services
from .attachments import SERVED_TYPES, served_name
from .forms import ApplicantCorrectionForm, RequirementsForm
from .models import Attachment
from .nik import NikError, region_note
from .uploads import UploadError


@page(Audience.MEMBER)
def case_correct(request, organization, code):
    """Correct the applicant's data or the requirements of an open case, and add uploads brought later."""
    case = selectors.case_readable(organization=organization, user=request.user, code=code)
    if not permissions.may_correct(request.user, case):
        messages.error(request, _("Data permohonan ini tidak dapat dikoreksi oleh Anda atau permohonan sudah selesai."))
        return redirect("cases:detail", organization.slug, case.code)
    record_access(request, AccessRecord.Action.CASE_VIEW, case, detail="koreksi")
    part = request.POST.get("bagian") if request.method == "POST" else None
    applicant_form = ApplicantCorrectionForm(
        request.POST if part == "pemohon" else None,
        initial={"applicant_name": case.applicant_name, "phone": case.phone, "address": case.address},
    )
    requirements_form = RequirementsForm(
        request.POST if part == "kelengkapan" else None,
        request.FILES if part == "kelengkapan" else None,
        checklist=corrections.checklist(case),
    )
    form = {"pemohon": applicant_form, "kelengkapan": requirements_form}.get(part or "")
    if form is not None and form.is_valid():
        try:
            _save_correction(request, organization, case, part, form.cleaned_data, requirements_form)
        except (services.CaseError, NikError, UploadError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Koreksi tersimpan dan tercatat di riwayat."))
            return redirect("cases:detail", organization.slug, case.code)
    context = {
        "organization": organization,
        "case": case,
        "applicant_form": applicant_form,
        "requirements_form": requirements_form,
        "nik_note": region_note(case.nik_masked, organization.region_code),
    }
    return render(request, "cases/case_correct.html", context)


def _save_correction(request, organization, case, part, data, requirements_form):
    if part == "pemohon":
        corrections.case_correct_applicant(
            organization=organization,
            case_id=case.pk,
            user=request.user,
            applicant_name=data["applicant_name"],
            nik=data["nik"],
            phone=data["phone"],
            address=data["address"],
            reason=data["reason"],
        )
        return
    requirements = [
        services.Requirement(item, data[f"req_{i}"], data[f"file_{i}"])
        for i, item in enumerate(requirements_form.requirement_items)
    ]
    corrections.case_update_requirements(
        organization=organization, case_id=case.pk, user=request.user, requirements=requirements, reason=data["reason"]
    )


@page(Audience.MEMBER)
def attachment_file(request, organization, code, attachment_id):
    """One uploaded document of a case, to members of the case's organization, and of an organization the case
    was handed over to (docs/architecture.md, Tenancy); never a public media URL. Only the types check_upload
    lets in are shown inline, under a name ending as their content; anything else is a download of bytes."""
    case = selectors.case_readable_for_task_org(organization=organization, user=request.user, code=code)
    with handover_scope(organization.pk, case.organization_id):
        attachment: Attachment = get_object_or_404(Attachment.objects.filter(case=case), pk=attachment_id)
        record_access(request, AccessRecord.Action.FILE_VIEW, attachment)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    known = attachment.content_type in SERVED_TYPES
    response = FileResponse(
        handle,
        content_type=attachment.content_type if known else "application/octet-stream",
        as_attachment=request.GET.get("unduh") == "1" or not known,
        filename=served_name(attachment),
    )
    response["X-Content-Type-Options"] = "nosniff"  # no-store: tenancy.page, as on every member page
    return response
