"""Pages of letters: drafts and signed letters of a case, templates, registers, archive, public verification."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sigap.cases import selectors as case_selectors
from sigap.cases.models import Case
from sigap.cases.services import CaseError
from sigap.orgs import second_factor
from sigap.orgs.access_log import AccessRecord, record_access
from sigap.orgs.tenancy import Audience, page
from sigap.sop.models import Sop

from . import exports, permissions, placeholders, rendering, selectors, services, signing
from .archive import case_archive
from .forms import ReasonForm, RegisterFilterForm, TemplateForm, VerifyForm
from .models import Letter

PREVIEW_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def _readable_letter(request, organization, code) -> Letter:
    """The letter of this organization named in the URL, 404 unless the user may read it."""
    letter = selectors.letter_get(organization=organization, code=code)
    if not permissions.may_read_letter(request.user, letter):
        raise Http404
    return letter


@page(Audience.MEMBER)
def letter_detail(request, organization, code):
    letter = _readable_letter(request, organization, code)
    record_access(request, AccessRecord.Action.LETTER_VIEW, letter)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "organization": organization,
            "letter": letter,
            "reason_form": ReasonForm(),
            "verify_url": rendering.verification_url(letter),
        },
    )


@page(Audience.MEMBER)
def letter_preview(request, organization, code):
    letter = _readable_letter(request, organization, code)
    record_access(request, AccessRecord.Action.LETTER_VIEW, letter, detail="pratinjau")
    response = HttpResponse(rendering.letter_html(letter, preview=True))
    # A template's body is HTML an administrator writes: the preview runs no script and reaches no other page.
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@page(Audience.MEMBER)
def letter_pdf(request, organization, code):
    letter = _readable_letter(request, organization, code)
    if not letter.pdf:
        raise Http404
    record_access(request, AccessRecord.Action.LETTER_PDF, letter)
    return FileResponse(
        letter.pdf.open("rb"),
        as_attachment=True,
        filename=f"{letter.number.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


@page(Audience.MEMBER)
@require_POST
def letter_reject(request, organization, code, task_id):
    task = case_selectors.task_in_case(organization=organization, code=code, task_id=task_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sebutkan alasan penolakan."))
    else:
        try:
            back = services.letter_reject(
                organization=organization, task_id=task.pk, user=request.user, reason=form.cleaned_data["reason"]
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Draf ditolak dan dikembalikan ke langkah %(n)s.") % {"n": back.step_number})
    return redirect("cases:detail", organization.slug, code.upper())


@page(Audience.MEMBER)
@require_POST
def letter_revoke(request, organization, code):
    letter = _readable_letter(request, organization, code)
    form = ReasonForm(request.POST)
    if not permissions.may_revoke(request.user, letter):
        raise Http404
    if not form.is_valid() and request.POST.get("reason", "").strip():  # too long: the form says so
        messages.error(request, " ".join(str(error) for error in form.errors.get("reason", [])))
        return redirect("letters:detail", organization.slug, letter.code)
    # An empty or blank reason goes to the service too, which says why it refuses.
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if request.POST.get("koreksi") and request.POST.get("kode_otp"):  # a correction is signed: a fresh code
            second_factor.confirm_fresh(request, request.POST["kode_otp"][:64])
        action = services.letter_correct if request.POST.get("koreksi") else services.letter_revoke
        result = action(letter=letter, by=request.user, reason=reason)
    except (CaseError, second_factor.SecondFactorError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Surat dicabut.")
            if result.pk == letter.pk
            else _("Surat koreksi %(n)s diterbitkan; surat lama dicabut.") % {"n": result.number},
        )
        return redirect("letters:detail", organization.slug, result.code)
    return redirect("letters:detail", organization.slug, letter.code)


@page(Audience.MEMBER)
@require_POST
def letter_void(request, organization, code):
    """ "Batalkan surat": a numbered letter whose signing did not go through is voided with the reason."""
    letter = selectors.letter_get(organization=organization, code=code)
    form = ReasonForm(request.POST)
    try:
        services.letter_void(
            letter=letter, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Surat %(n)s dibatalkan; nomornya tetap tercatat dengan alasannya.") % {"n": letter.number}
        )
    if letter.case is not None and letter.case.organization_id == organization.pk:
        return redirect("cases:detail", organization.slug, letter.case.code)
    return redirect("letters:detail", organization.slug, letter.code)


@page(Audience.MEMBER)
@require_POST
def letter_regenerate(request, organization, code):
    """ "Buat ulang draf": a new draft of a rejected letter from the corrected case."""
    letter = _readable_letter(request, organization, code)
    try:
        draft = services.letter_draft_regenerate(organization=organization, code=letter.code, user=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
        target = letter
    else:
        messages.success(request, _("Draf baru dibuat dari data permohonan terkini."))
        target = draft
    return redirect("letters:detail", organization.slug, target.code)


@page(Audience.ADMINISTRATOR)
def template_list(request, organization):
    return render(
        request,
        "letters/template_list.html",
        {
            "organization": organization,
            "templates": selectors.templates(organization=organization),
        },
    )


@page(Audience.ADMINISTRATOR)
def template_edit(request, organization, template_code):
    template = get_object_or_404(selectors.templates(organization=organization), code=template_code)
    form = TemplateForm(
        request.POST or None,
        initial={"title": template.title, "body": template.body},
        to_other_agency=template.to_other_agency,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        if "pratinjau" in request.POST:
            sample = Letter(
                organization=organization,
                template=template,
                kind=template.name,
                nik_masked=services.SAMPLE_NIK_MASKED,
                html=placeholders.fill(
                    form.cleaned_data["body"],
                    services.sample_values(template),
                    to_other_agency=template.to_other_agency,
                ),
            )
            template.title = form.cleaned_data["title"]
            preview = rendering.letter_html(sample, preview=True, style_nonce=str(request.csp_nonce))
        else:
            services.letter_template_save(template=template, user=request.user, **form.cleaned_data)
            messages.success(request, _("Templat disimpan."))
            return redirect("letters:templates", organization.slug)
    return render(
        request,
        "letters/template_edit.html",
        {
            "organization": organization,
            "template": template,
            "form": form,
            "preview": preview,
            "placeholders": placeholders.PLACEHOLDERS,
        },
    )


def _filters(request):
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data.get("mulai"), data.get("sampai"), data.get("status") or "", data.get("petugas")


def _period(start, end) -> str:
    if start or end:
        return _("Periode %(a)s s.d. %(b)s") % {
            "a": start.strftime("%d/%m/%Y") if start else "…",
            "b": end.strftime("%d/%m/%Y") if end else "…",
        }
    return _("Semua periode")


@page(Audience.MEMBER)
def sop_register(request, organization, sop_code):
    sop = get_object_or_404(Sop, organization=organization, code=sop_code)
    form, start, end, status, officer = _filters(request)
    cases = selectors.sop_register(
        organization=organization,
        user=request.user,
        sop_code=sop_code,
        start=start,
        end=end,
        status=status,
        officer_id=officer,
    )
    title = _("Register %(sop)s") % {"sop": sop.title}
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        record_access(request, AccessRecord.Action.REGISTER_EXPORT, sop, detail=fmt)
    if fmt == "xlsx":
        out = exports.xlsx(selectors.register_rows(cases), exports.SOP_REGISTER, title="Register")
        return FileResponse(
            out,
            as_attachment=True,
            filename=f"register-{sop.code}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "pdf":
        pdf = exports.register_pdf(
            selectors.register_rows(cases),
            exports.SOP_REGISTER,
            organization=organization,
            title=title,
            subtitle=_period(start, end),
            signer=_head_signer(organization),
        )
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="register-{sop.code}.pdf"'},
        )
    officers = {c.opened_by for c in cases.select_related("opened_by")[:500]}
    return render(
        request,
        "letters/sop_register.html",
        {
            "organization": organization,
            "sop": sop,
            "form": form,
            "rows": list(selectors.register_rows(cases[:500])),
            "total": cases.count(),
            "statuses": Case.Status.choices,
            "officers": officers,
            "query": request.GET.urlencode(),
        },
    )


@page(Audience.MEMBER)
def letter_register(request, organization):
    form, start, end, status, _officer = _filters(request)
    letters = selectors.letter_register(
        organization=organization, user=request.user, start=start, end=end, status=status
    )
    rows = (
        {
            "nomor_urut": letter.sequence,
            "nomor": letter.number,
            "tanggal": letter.signed_at,
            "jenis": letter.kind,
            "pemohon": letter.applicant_initials,
            "penandatangan": letter.signer_name,
            "status": letter.get_status_display(),
            "keterangan": letter.note,
        }
        for letter in letters.iterator()
    )
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        record_access(request, AccessRecord.Action.LETTER_REGISTER_EXPORT, detail=fmt)
    if fmt == "xlsx":
        out = exports.xlsx(rows, exports.LETTER_REGISTER, title="Agenda surat keluar")
        return FileResponse(
            out,
            as_attachment=True,
            filename="agenda-surat-keluar.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "pdf":
        pdf = exports.register_pdf(
            rows,
            exports.LETTER_REGISTER,
            organization=organization,
            title=_("Buku Agenda Surat Keluar"),
            subtitle=_period(start, end),
            signer=_head_signer(organization),
        )
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="agenda-surat-keluar.pdf"'},
        )
    return render(
        request,
        "letters/letter_register.html",
        {
            "organization": organization,
            "form": form,
            "letters": letters[:500],
            "statuses": Letter.Status.choices,
            "query": request.GET.urlencode(),
            "sops": Sop.objects.filter(organization=organization, current_version__status=Sop.Status.ESTABLISHED),
        },
    )


def _head_signer(organization) -> dict:
    head = organization.positions.filter(is_head_of_office=True).first()
    return {"position": head.title, "name": head.official_name, "nip": head.official_nip} if head else {}


@page(Audience.MEMBER)
def case_archive_zip(request, organization, code):
    case = case_selectors.case_readable(organization=organization, user=request.user, code=code)
    record_access(request, AccessRecord.Action.ARCHIVE, case)
    return FileResponse(
        case_archive(case), as_attachment=True, filename=f"arsip-{case.code}.zip", content_type="application/zip"
    )


@page(Audience.PUBLIC)
@never_cache  # the initials and masked NIK it shows stay out of shared caches
def verify(request, code):
    """Public: is this letter genuine? Shows no personal data beyond initials and the masked NIK."""
    letter = selectors.letter_public(code=code)
    if letter is None:
        raise Http404
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            form.add_error("file", _("Berkas terlalu besar."))
        else:
            result = signing.verify_pdf(upload.read(), expected_sha256=letter.sha256, organization=letter.organization)
    return render(request, "letters/verify.html", {"letter": letter, "form": form, "result": result})


@page(Audience.PUBLIC)
def verify_with_slash(request, code):
    """A verification address typed with a trailing slash (as people add them) leads to the letter's page."""
    return redirect("verify", code=code)
