"""Staff pages of the case engine: inbox, opening a case, the case page and task actions.

Views only translate HTTP into service calls; a user who is not a member of
the organization in the URL gets 404.
"""

import re
from typing import cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.orgs import second_factor
from sigap.orgs.access_log import AccessRecord, nik_key, record_access
from sigap.orgs.tenancy import Audience, handover_scope, page
from sigap.sop import documents as sop_documents
from sigap.sop.models import Sop, SopVersion
from sigap.sop.selectors import version_steps

from . import panels, permissions, selectors, services
from .forms import CaseOpenForm, CaseSearchForm, CompleteForm, ReassignForm, ReturnForm
from .models import Case, Task, new_public_code
from .nik import region as nik_region
from .nik import region_note
from .opening import AlreadyOpened, OpenCaseExists
from .uploads import UploadError

INBOX_PAGE_SIZE = 50
CASE_LIST_PAGE_SIZE = 25
# What an inbox row shows: reading only these keeps a page of 50 rows cheap.
INBOX_COLUMNS = (
    "due_limit",
    "started_at",
    "step_number",
    "kind",
    "state",
    "purpose",
    "case__code",
    "case__applicant_name",
    "sop__title",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)


@page(Audience.MEMBER)
def inbox(request, organization):
    lanes = selectors.user_lanes(organization=organization, user=request.user)
    filters = {
        "lane_key": request.GET.get("pelaksana", ""),
        "sop_code": request.GET.get("sop", ""),
        "state": request.GET.get("status", ""),
        "mine_only": request.GET.get("milik") == "saya",
    }
    tasks = selectors.inbox(organization=organization, user=request.user, lanes=lanes, **filters).only(*INBOX_COLUMNS)
    page = Paginator(tasks, INBOX_PAGE_SIZE).get_page(request.GET.get("hal"))
    now = timezone.now()
    for task in page:
        task.is_overdue = task.due_limit is not None and task.due_limit < now  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("hal", None)
    return render(
        request,
        "cases/inbox.html",
        {
            "organization": organization,
            "tasks": page,
            "page": page,
            "query": query.urlencode(),
            "lanes": lanes,
            "filters": filters,
            "sops": {ref.sop for ref in lanes},
            "states": selectors.INBOX_STATES,
            "notifications": selectors.unread_notifications(
                organization=organization, user=request.user
            ).select_related("task__case")[:20],
        },
    )


@page(Audience.MEMBER)
@require_POST
def notifications_read(request, organization):
    services.notifications_mark_read(organization=organization, user=request.user)
    return redirect("cases:inbox", organization.slug)


@page(Audience.MEMBER)
def case_list(request, organization):
    # The search form posts, so a NIK typed into it never lands in a URL (logs, history, Referer).
    data = request.POST if request.method == "POST" else request.GET
    form = CaseSearchForm(data)
    form.is_valid()  # a bad value is dropped with its message; the list still shows
    query, status = form.cleaned_data.get("q", ""), form.cleaned_data.get("status", "")
    result = form.cleaned_data.get("result", "")
    if request.method == "GET" and looks_like_nik(query):
        messages.warning(request, _("Cari NIK lewat kotak pencarian, bukan lewat alamat halaman."))
        query = ""
    cases = selectors.case_search(
        organization=organization, user=request.user, query=query, status=status, result=result
    )
    if query and looks_like_nik(query) and nik_key(query):
        record_access(request, AccessRecord.Action.NIK_SEARCH, nik=query)  # its keyed hash, never the NIK
    page = Paginator(cases, CASE_LIST_PAGE_SIZE).get_page(data.get("hal"))
    links = {key: value for key, value in (("status", status), ("result", result)) if value}
    if query:
        links["q"] = query
    return render(
        request,
        "cases/case_list.html",
        {
            "organization": organization,
            "form": form,
            "cases": page,
            "page": page,
            # A NIK search pages by posting again: the NIK stays out of the page links too.
            "page_by_post": looks_like_nik(query),
            "query_string": urlencode(links),
            "query": query,
            "status": status,
            "statuses": Case.Status.choices,
            "result": result,
            "results": Case.Result.choices,
            "on_time": selectors.on_time_rate(organization=organization),
        },
    )


def looks_like_nik(text: str) -> bool:
    return bool(re.fullmatch(r"[\d .\-]{16,}", text))


@page(Audience.MEMBER)
def case_new(request, organization):
    sops = Sop.objects.filter(organization=organization, current_version__status=Sop.Status.ESTABLISHED).select_related(
        "unit"
    )
    return render(request, "cases/case_new.html", {"organization": organization, "sops": sops})


@page(Audience.MEMBER)
def case_open(request, organization, sop_code):
    sop: Sop = get_object_or_404(
        Sop.objects.select_related("current_version"),
        organization=organization,
        code=sop_code,
        current_version__status=Sop.Status.ESTABLISHED,
    )
    items = cast(SopVersion, sop.current_version).identity_list("persyaratan")
    form = CaseOpenForm(
        request.POST or None, request.FILES or None, requirements=items, initial={"token": new_public_code()}
    )
    context = {"organization": organization, "sop": sop, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        requirements = [
            services.Requirement(item, data[f"req_{i}"] or bool(data[f"file_{i}"]), data[f"file_{i}"])
            for i, item in enumerate(items)
        ]
        context["nik_note"] = region_note(data["nik"], organization.region_code)
        try:
            case = services.case_open(
                organization=organization,
                sop=sop,
                opened_by=request.user,
                applicant_name=data["applicant_name"],
                nik=data["nik"],
                phone=data["phone"],
                address=data["address"],
                requirements=requirements,
                note=data["note"],
                code=data["token"],
                confirm_duplicate=data["confirm_duplicate"],
            )
        except AlreadyOpened as exc:
            messages.info(request, str(exc))
            return redirect("cases:detail", organization.slug, exc.case.code)
        except OpenCaseExists as exc:
            context["open_cases"] = exc.open_cases
        except (services.CaseError, UploadError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Permohonan diterima dengan kode lacak %(code)s.") % {"code": case.code})
            if context["nik_note"]:
                messages.warning(request, context["nik_note"])
            return redirect("cases:detail", organization.slug, case.code)
    return render(request, "cases/case_open.html", context)


@page(Audience.MEMBER)
def case_detail(request, organization, code):
    case = selectors.case_readable_for_task_org(organization=organization, user=request.user, code=code)
    with handover_scope(organization.pk, case.organization_id):
        record_access(request, AccessRecord.Action.CASE_VIEW, case)
        task = selectors.active_task(case)
        context = {
            "organization": organization,
            "case": case,
            "task": task,
            "events": selectors.case_timeline(case),
            "time_split": selectors.case_time_split(case),
            "attachments": case.attachments.all(),
            "steps": version_steps(case.version_id),
            "flow_document": sop_documents.sop_html(case.version),
            "nik_region": nik_region(case.nik_masked),
            "nik_note": region_note(case.nik_masked, case.organization.region_code),
        }
        context.update(panels.page_context(request=request, organization=organization, case=case, task=task))
        if task is not None and task.organization_id == organization.pk:
            context["step"] = context["steps"][task.step_number]
            context["complete_form"] = CompleteForm()
            context["return_form"] = ReturnForm()
            if permissions.may_reassign(request.user, task):
                context["reassign_form"] = ReassignForm(candidates=_candidates(task))
        return render(request, "cases/case_detail.html", context)


@page(Audience.MEMBER)
def case_receipt(request, organization, code):
    case = selectors.case_readable(organization=organization, user=request.user, code=code)
    record_access(request, AccessRecord.Action.CASE_PRINT, case, detail="tanda-terima")
    with translation.override(settings.LANGUAGE_CODE):  # an official receipt, in the office's language
        return render(request, "cases/receipt.html", {"organization": organization, "case": case})


@page(Audience.MEMBER)
def case_missing_slip(request, organization, code):
    """The printable list of what the applicant must bring back after "berkas dikembalikan"."""
    case = selectors.case_readable(organization=organization, user=request.user, code=code)
    returned = selectors.last_return(case)
    if returned is None:
        raise Http404
    record_access(request, AccessRecord.Action.CASE_PRINT, case, detail="kekurangan")
    with translation.override(settings.LANGUAGE_CODE):  # handed to the applicant, in the office's language
        return render(
            request, "cases/missing_slip.html", {"organization": organization, "case": case, "returned": returned}
        )


def _candidates(task: Task):
    users = (
        get_user_model()
        .objects.filter(memberships__organization=task.organization, memberships__is_active=True)
        .distinct()
    )
    return [u for u in users.order_by("first_name", "username") if permissions.may_work(u, task)]


def _run(request, organization, code, action, success: str):
    try:
        action()
    except services.TaskNotFound:  # not the organization's task, or not of the case in the URL
        raise Http404 from None
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("cases:detail", organization.slug, code.upper())


@page(Audience.MEMBER)
@require_POST
def task_claim(request, organization, code, task_id):
    return _run(
        request,
        organization,
        code,
        lambda: services.task_claim(organization=organization, task_id=task_id, user=request.user, case_code=code),
        _("Tugas diambil."),
    )


@page(Audience.MEMBER)
@require_POST
def task_release(request, organization, code, task_id):
    return _run(
        request,
        organization,
        code,
        lambda: services.task_release(organization=organization, task_id=task_id, user=request.user, case_code=code),
        _("Tugas dilepas ke kotak masuk pelaksana."),
    )


@page(Audience.MEMBER)
@require_POST
def task_complete(request, organization, code, task_id):
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isian tidak sah."))
        return redirect("cases:detail", organization.slug, code.upper())
    if form.cleaned_data["kode_otp"]:  # a signing step: the signer's code counts for this request only
        try:
            second_factor.confirm_fresh(request, form.cleaned_data["kode_otp"])
        except second_factor.SecondFactorError as exc:
            messages.error(request, str(exc))
            return redirect("cases:detail", organization.slug, code.upper())
    # No read of the task before the service locks it: the lock checks it is of this case, and the
    # request's roles (tenancy.page) spare the permission check a second read of the memberships.
    try:
        completion = services.task_finish(
            organization=organization,
            task_id=task_id,
            user=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            received=form.cleaned_data["diterima"],  # used on a resume only
            case_code=code,
            roles=request.roles,
        )
    except services.TaskNotFound:
        raise Http404 from None
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, selectors.completion_notice(completion.done))
    return redirect("cases:detail", organization.slug, code.upper())


@page(Audience.MEMBER)
@require_POST
def task_return(request, organization, code, task_id):
    task = selectors.task_in_case(organization=organization, code=code, task_id=task_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sebutkan kelengkapan yang kurang."))
        return redirect("cases:detail", organization.slug, code.upper())
    return _run(
        request,
        organization,
        code,
        lambda: services.case_return_documents(
            organization=organization,
            task_id=task.pk,
            user=request.user,
            missing=form.missing_items(),
            note=form.cleaned_data["note"],
        ),
        _("Berkas dikembalikan kepada pemohon; permohonan menunggu kelengkapan."),
    )


@page(Audience.MEMBER)
@require_POST
def task_reassign(request, organization, code, task_id):
    task = selectors.task_in_case(organization=organization, code=code, task_id=task_id, whole=True)
    form = ReassignForm(request.POST, candidates=_candidates(task))
    if not form.is_valid():
        messages.error(request, _("Pilih petugas pelaksana langkah ini."))
        return redirect("cases:detail", organization.slug, code.upper())
    to_user = get_user_model().objects.get(pk=form.cleaned_data["user"])
    return _run(
        request,
        organization,
        code,
        lambda: services.task_reassign(organization=organization, task_id=task.pk, by=request.user, to_user=to_user),
        _("Tugas dialihkan."),
    )
